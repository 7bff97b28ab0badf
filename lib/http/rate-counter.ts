/**
 * Fixed-window request counting shared by every web process, with the per-request round trip
 * taken off the hot path where the answer cannot depend on it.
 *
 * The shared truth is one counter row per credential (see ./rate-limit.ts). Each process keeps a
 * tally per credential: the shared total it last read back, what it has sent but not yet seen
 * answered (`inflight`) and what it counted since (`pending`). A request is decided:
 * - locally allowed when even the highest estimate (shared + inflight + pending + this one) stays
 *   more than a margin below the limit. Other processes' unflushed requests are what the margin
 *   covers: at most one flush interval of their traffic;
 * - locally refused when the lowest estimate (shared + pending, both already certain) has reached
 *   the limit: counts only grow within a window, so the shared answer could only be "refused";
 * - otherwise (first request of a key or window, near the limit, a small limit) synchronously,
 *   as one statement adding this request and the pending ones and reading back the exact total.
 * Locally decided requests are added to the shared row in batches, one statement for every
 * credential with pending counts, at most every `flushMs`.
 */

/** The shared row of a credential after a statement added to it. */
export interface SharedRow {
  key: string;
  windowStart: Date;
  count: number;
}

/** Adds `deltas[i]` to `keys[i]`'s shared row (opening a new window if its window ended); returns every row. */
export type AddCounts = (keys: string[], deltas: number[]) => Promise<SharedRow[]>;

export interface Tally {
  /** Start of the shared window (ms), as read back. */
  windowStart: number;
  /** The shared total last read back (a lower bound of the true total). */
  shared: number;
  /** Counted here and sent, not answered yet. */
  inflight: number;
  /** Counted here, not sent yet. */
  pending: number;
}

export interface Counted {
  limit: number;
  windowStart: Date;
  /** This request's place in the window (exact when synchronous, the highest estimate when local). */
  count: number;
}

/** Below this many requests left (or this share of the limit, whichever is more), count synchronously. */
export const SYNC_MARGIN_MIN = 100;
export const SYNC_MARGIN_SHARE = 0.1;

export function syncMargin(limit: number): number {
  return Math.max(SYNC_MARGIN_MIN, Math.ceil(limit * SYNC_MARGIN_SHARE));
}

export type Decision = "allow" | "refuse" | "sync";

/** How one request of a credential is decided, from its tally (pure). */
export function decide(tally: Tally | undefined, limit: number, now: number, windowMs: number): Decision {
  if (!tally || now >= tally.windowStart + windowMs) return "sync";
  if (tally.shared + tally.pending >= limit) return "refuse";
  const highest = tally.shared + tally.inflight + tally.pending + 1;
  return limit - highest >= syncMargin(limit) ? "allow" : "sync";
}

/**
 * Folds a read-back row into a tally (pure): a newer window replaces the shared total, the same
 * window keeps the larger total (answers can arrive out of order), an older one changes nothing.
 */
export function mergeRow(tally: Tally | undefined, row: { windowStart: Date; count: number }): Tally {
  const start = row.windowStart.getTime();
  if (!tally) return { windowStart: start, shared: row.count, inflight: 0, pending: 0 };
  if (start > tally.windowStart) {
    tally.windowStart = start;
    tally.shared = row.count;
  } else if (start === tally.windowStart) {
    tally.shared = Math.max(tally.shared, row.count);
  }
  return tally;
}

/**
 * What a flush sends (pure): every tally's pending counts move to inflight. Counts made in a
 * window that has ended by now are dropped rather than sent: they could only land in the next
 * window, which they do not belong to. Sorted by key, so concurrent flushes of several processes
 * lock the rows in one order.
 */
export function takeFlush(tallies: Map<string, Tally>, now: number, windowMs: number): { keys: string[]; deltas: number[] } {
  const keys: string[] = [];
  const deltas: number[] = [];
  for (const key of [...tallies.keys()].sort()) {
    const tally = tallies.get(key)!;
    if (tally.pending === 0) continue;
    if (now >= tally.windowStart + windowMs) {
      tally.pending = 0;
      continue;
    }
    keys.push(key);
    deltas.push(tally.pending);
    tally.inflight += tally.pending;
    tally.pending = 0;
  }
  return { keys, deltas };
}

export interface RateCounterOptions {
  windowMs: () => number;
  flushMs: number;
  /** Tallies kept at most; idle ones are dropped first. */
  maxTallies?: number;
  now?: () => number;
  onFlushError?: (error: unknown) => void;
}

export class RateCounter {
  private readonly tallies = new Map<string, Tally>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly add: AddCounts,
    private readonly options: RateCounterOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Counts one request of `key` against `limit`. `exact` always asks the shared row (for
   * credentials whose requests are few, or where every answer must be the shared one); such a
   * key keeps no tally here. Counts not yet sent when the process exits (at most one flush
   * interval's) are lost, as a crash of PostgreSQL loses them all.
   */
  async count(key: string, limit: number, exact = false): Promise<Counted> {
    const windowMs = this.options.windowMs();
    if (exact) {
      const [row] = await this.add([key], [1]);
      return { limit, windowStart: row.windowStart, count: row.count };
    }
    const tally = this.tallies.get(key);
    const decision = decide(tally, limit, this.now(), windowMs);
    if (decision !== "sync") {
      tally!.pending++;
      this.scheduleFlush();
      return { limit, windowStart: new Date(tally!.windowStart), count: tally!.shared + tally!.inflight + tally!.pending };
    }
    // Pending counts of the current window ride along; those of an ended window are dropped.
    const sent = tally;
    const carried = sent && this.now() < sent.windowStart + windowMs ? sent.pending : 0;
    if (sent) {
      sent.pending = 0;
      sent.inflight += carried + 1;
    }
    let rows: SharedRow[];
    try {
      rows = await this.add([key], [carried + 1]);
    } catch (error) {
      if (sent) {
        sent.inflight = Math.max(0, sent.inflight - carried - 1);
        sent.pending += carried;
      }
      throw error;
    }
    if (sent) sent.inflight = Math.max(0, sent.inflight - carried - 1);
    const current = this.tallies.get(key);
    if (current) mergeRow(current, rows[0]);
    else this.keep(key, mergeRow(undefined, rows[0]));
    return { limit, windowStart: rows[0].windowStart, count: rows[0].count };
  }

  /** Sends every pending count in one statement (the timer calls it; so may tests). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.flushOnce().finally(() => {
      this.flushing = null;
      if ([...this.tallies.values()].some((t) => t.pending > 0)) this.scheduleFlush();
    });
    return this.flushing;
  }

  /** The tally of a key (tests). */
  tally(key: string): Tally | undefined {
    return this.tallies.get(key);
  }

  private async flushOnce(): Promise<void> {
    const windowMs = this.options.windowMs();
    const { keys, deltas } = takeFlush(this.tallies, this.now(), windowMs);
    if (keys.length > 0) {
      try {
        const rows = await this.add(keys, deltas);
        const byKey = new Map(rows.map((r) => [r.key, r]));
        keys.forEach((key, i) => {
          const tally = this.tallies.get(key);
          if (!tally) return;
          tally.inflight = Math.max(0, tally.inflight - deltas[i]);
          const row = byKey.get(key);
          if (row) mergeRow(tally, row);
        });
      } catch (error) {
        // Not lost: the counts go out with the next flush (or the key's next synchronous count).
        keys.forEach((key, i) => {
          const tally = this.tallies.get(key);
          if (!tally) return;
          tally.inflight = Math.max(0, tally.inflight - deltas[i]);
          tally.pending += deltas[i];
        });
        this.options.onFlushError?.(error);
      }
    }
    this.forgetIdle(windowMs);
  }

  private scheduleFlush(): void {
    if (this.timer || this.flushing) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.options.flushMs);
    this.timer.unref?.();
  }

  private keep(key: string, tally: Tally): void {
    if (this.tallies.size >= (this.options.maxTallies ?? 100_000)) this.forgetIdle(this.options.windowMs(), true);
    this.tallies.set(key, tally);
  }

  /** Ended windows with nothing left to send are forgotten (`all`: every tally with nothing to send). */
  private forgetIdle(windowMs: number, all = false): void {
    const now = this.now();
    for (const [key, t] of this.tallies) {
      if (t.pending === 0 && t.inflight === 0 && (all || now >= t.windowStart + windowMs)) this.tallies.delete(key);
    }
  }
}
