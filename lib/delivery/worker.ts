import { randomBytes } from "node:crypto";
import os from "node:os";
import type pg from "pg";
import { runAttempt } from "./attempt";
import { COMPLETION_BATCH, completionBatcher } from "./completions";
import { config } from "@/lib/config";
import { newClient, workerPool } from "@/lib/db/pg";
import { startClaim, type FairClaim } from "./fair-claim";
import { DELIVERY_CHANNEL, releaseClaims, releaseLeases, requeueExpiredLeases, type AttemptRecord } from "./queue";
import { purgeExpired } from "./retention";
import { processRecoverChunk } from "@/lib/recovery/recover-jobs";

export interface WorkerHandle {
  id: string;
  /** Stops claiming, lets in-flight attempts finish (bounded), releases what is left. */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  log?: (line: string) => void;
  /** Run the periodic retention purge. Default: config().retention.enabled (NAHOOK_RETENTION). */
  retention?: boolean;
}

/**
 * The delivery worker: claims due deliveries in batches, runs up to `concurrency` attempts at
 * once, and sleeps until a NOTIFY (new event: milliseconds), its own next retry, or the poll
 * interval (other processes' retries, expired leases). Any number of workers can share a
 * database; SKIP LOCKED and leases keep each due attempt with exactly one of them.
 */
export function startWorker(options: WorkerOptions = {}): WorkerHandle {
  const log = options.log ?? ((line: string) => console.error(`[worker] ${line}`));
  const id = `wrk_${os.hostname()}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const inflight = new Map<string, { owner: string; done: Promise<void> }>();
  let claimSeq = 0;
  let stopping = false;
  let wakeRequested = false;
  let wakeUp: (() => void) | null = null;
  let saturated = false;
  let nextLocalDue = Infinity;
  let lastLeaseSweep = 0;

  const wake = () => {
    wakeRequested = true;
    wakeUp?.();
  };

  /**
   * After three empty claims in quick succession (each within 100 ms of the one before), NOTIFY
   * wake-ups wait until `quietUntil`: the due deliveries are held (by this worker's earlier
   * claims, or by another worker that serves their endpoint), and every empty claim still takes
   * the claim lock that the serving worker needs. An idle worker's occasional empty claim never
   * delays the next event; wakes for capacity (an answered attempt) are never delayed.
   */
  let emptyClaims = 0;
  let lastClaimAt = 0;
  let quietUntil = 0;
  let quietTimer: NodeJS.Timeout | null = null;
  const notified = () => {
    const wait = quietUntil - Date.now();
    if (wait <= 0) return wake();
    quietTimer ??= setTimeout(() => {
      quietTimer = null;
      wake();
    }, wait);
  };
  const listener = listen(notified, log);
  const pool = workerPool();
  const completions = completionBatcher(pool);
  let purging = false;

  const retentionTimer =
    (options.retention ?? config().retention.enabled) === false
      ? null
      : setInterval(() => {
          // A purge paces itself and can outlast the interval: one at a time per worker.
          if (purging) return;
          purging = true;
          purgeExpired()
            .catch((error: Error) => log(`retention purge failed: ${error.message}`))
            .finally(() => (purging = false));
        }, config().retention.intervalMs);
  retentionTimer?.unref();

  /**
   * A slot of `concurrency` is an HTTP exchange in progress: it frees when the receiver has
   * answered, not when the outcome is written (the completion batcher writes outcomes in groups,
   * and waiting for that would leave slots idle behind bookkeeping). Outcomes waiting to be
   * written are bounded separately (`maxUnrecorded`), so a slow database still slows claiming.
   *
   * Claimed deliveries wait in memory, per endpoint, until a slot and their endpoint's cap allow
   * (up to `concurrency` of them: see FairClaim.maxInFlight). An answer starts the next one at
   * once, so neither a busy endpoint nor a busy worker waits for a claim round trip.
   */
  const sending = new Set<string>();
  const finished = new Set<string>();
  const endpoints = new Map<string, EndpointQueue>();
  let queued = 0;
  const maxUnrecorded = () => Math.max(config().delivery.concurrency, COMPLETION_BATCH) * 2;
  const claimRoom = () =>
    Math.min(2 * config().delivery.concurrency - sending.size - queued, maxUnrecorded() - finished.size);

  function answered(claim: FairClaim) {
    if (stopping) return;
    dispatch();
    // Under load, refill in chunks rather than one claim query per finished attempt.
    const refillAt = Math.max(1, Math.floor(Math.min(config().delivery.batchSize, config().delivery.concurrency) / 4));
    if (saturated && claimRoom() >= refillAt) wake();
    // Its endpoint's allowance was used up with more due: there is room for more of them now.
    else if (claim.more && (endpoints.get(claim.endpointId)?.waiting.length ?? 0) < claim.maxInFlight) wake();
  }

  /** Starts waiting deliveries, one endpoint at a time round-robin, within both limits. */
  let dispatching = false;
  function dispatch() {
    // An attempt can answer synchronously (a disabled endpoint): the running pass goes on.
    if (dispatching) return;
    dispatching = true;
    try {
      dispatchPasses();
    } finally {
      dispatching = false;
    }
  }

  function dispatchPasses() {
    let started = true;
    while (started && queued > 0 && sending.size < config().delivery.concurrency) {
      started = false;
      for (const [endpointId, queue] of endpoints) {
        if (sending.size >= config().delivery.concurrency) break;
        const next = queue.sending < queue.cap ? queue.waiting.shift() : undefined;
        if (!next) continue;
        queued--;
        started = true;
        // A delivery that could not finish within its lease any more is handed back unsent.
        if (Date.now() > next.startBy) {
          void handBack([next]);
          forget(endpointId, queue);
        } else {
          send(next, queue);
        }
      }
    }
  }

  function forget(endpointId: string, queue: EndpointQueue) {
    if (queue.sending === 0 && queue.waiting.length === 0 && endpoints.get(endpointId) === queue) endpoints.delete(endpointId);
  }

  /** Back to the queue unsent, once their claim is visible; resolves to how many went back. */
  function handBack(items: Waiting[]): Promise<number> {
    if (items.length === 0) return Promise.resolve(0);
    return Promise.allSettled(items.map((w) => w.committed))
      .then(() => releaseClaims(items.map((w) => w.claim), pool))
      .catch((error: Error) => {
        log(`could not hand back ${items.length} deliveries: ${error.message} (their leases will expire)`);
        return 0;
      });
  }

  // No named closures per delivery: tsx names each with a defineProperty call (see sender.ts).
  function freeSlot(claim: FairClaim, queue: EndpointQueue, slot: { held: boolean }) {
    if (!slot.held) return;
    slot.held = false;
    sending.delete(claim.id);
    queue.sending--;
    answered(claim);
  }

  function send({ claim, committed }: Waiting, queue: EndpointQueue) {
    sending.add(claim.id);
    queue.sending++;
    const slot = { held: true };
    const done = runAttempt(claim, async (record: AttemptRecord) => {
      finished.add(claim.id);
      // A failure of the receiver: the endpoint's prefetched deliveries go back rather than after
      // it (the circuit breaker decides at the next claim whether they are sent). Not for one
      // that was never sent (a disabled endpoint's deliveries are all marked failed in turn).
      if (!record.success && !record.neutral && queue.waiting.length > 0) {
        const unsent = queue.waiting.splice(0);
        queued -= unsent.length;
        void handBack(unsent);
      }
      freeSlot(claim, queue, slot);
      // The claim must be visible before its outcome is written (see startClaim).
      await committed;
      return completions.complete(record, claim.shared);
    })
      .then((nextAt) => {
        if (nextAt) nextLocalDue = Math.min(nextLocalDue, nextAt.getTime());
      })
      .catch((error: Error) => log(`delivery ${claim.id}: ${error.message} (its lease will expire and it will be retried)`))
      .finally(() => {
        inflight.delete(claim.id);
        finished.delete(claim.id);
        freeSlot(claim, queue, slot);
        forget(claim.endpointId, queue);
        if (finished.size + 1 >= maxUnrecorded()) answered(claim);
      });
    inflight.set(claim.id, { owner: claim.leaseOwner, done });
  }

  function accept(claims: FairClaim[], committed: Promise<void>, claimedAt: number) {
    // Late enough that the attempt still ends within the lease (a lease configured shorter than
    // the timeout leaves a second, so that claimed deliveries are still sent).
    const startBy = Math.max(claimedAt + config().delivery.leaseMs - config().delivery.timeoutMs - 1_000, claimedAt + 1_000);
    for (const claim of claims) {
      let queue = endpoints.get(claim.endpointId);
      if (!queue) endpoints.set(claim.endpointId, (queue = { cap: claim.maxInFlight, sending: 0, waiting: [] }));
      queue.cap = claim.maxInFlight;
      queue.waiting.push({ claim, committed, startBy });
      queued++;
    }
    dispatch();
  }

  async function loop() {
    while (!stopping) {
      wakeRequested = false;
      try {
        if (Date.now() - lastLeaseSweep >= config().delivery.pollMs) {
          lastLeaseSweep = Date.now();
          await requeueExpiredLeases(pool);
        }
        const want = Math.min(claimRoom(), config().delivery.batchSize);
        if (want > 0) {
          if (nextLocalDue <= Date.now()) nextLocalDue = Infinity;
          // Taken before the claim, so never later than the lease's real start.
          const claimedAt = Date.now();
          const { claims, committed } = await startClaim(want, `${id}:${++claimSeq}`, config().delivery.leaseMs, pool, [...finished], `${id}:`);
          committed.catch((error: Error) => log(`claim commit failed: ${error.message} (its deliveries stay due and go again)`));
          accept(claims, committed, claimedAt);
          emptyClaims = claims.length > 0 ? 0 : claimedAt - lastClaimAt < 100 ? emptyClaims + 1 : 1;
          lastClaimAt = Date.now();
          quietUntil = emptyClaims >= 3 ? lastClaimAt + QUIET_AFTER_EMPTY_MS : 0;
          // A full batch means more is probably due: claim again right away.
          saturated = claims.length === want;
          if (saturated && !stopping) continue;
        } else {
          saturated = true;
        }
      } catch (error) {
        log(`claim failed: ${(error as Error).message}`);
        await sleep(1_000);
      }
      if (wakeRequested || stopping) continue;
      const until = Math.min(config().delivery.pollMs, Math.max(0, nextLocalDue - Date.now()));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, until);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  }

  /** Recover jobs ("retry everything since…"), one chunk per step; idle, it checks every poll. */
  async function recoverLoop() {
    while (!stopping) {
      let more = false;
      try {
        more = await processRecoverChunk(pool);
      } catch (error) {
        log(`recover job step failed: ${(error as Error).message}`);
      }
      if (!more) await sleep(config().delivery.pollMs);
    }
  }

  const looping = loop();
  const recovering = recoverLoop();
  log(`started ${id} (concurrency ${config().delivery.concurrency})`);

  return {
    id,
    async stop() {
      if (stopping) return;
      stopping = true;
      wake();
      if (retentionTimer) clearInterval(retentionTimer);
      if (quietTimer) clearTimeout(quietTimer);
      await looping;
      await recovering;
      await listener.close();
      // Claimed but not started: back to the queue at once, for this or another worker.
      const unsent = [...endpoints.values()].flatMap((queue) => queue.waiting.splice(0));
      queued = 0;
      if (unsent.length > 0) log(`handed back ${await handBack(unsent)} claimed deliveries not yet sent`);
      // Attempts carry their own timeout, so this wait is bounded; anything still running
      // after it (a hung database call) is handed back to the queue.
      const deadline = sleep(config().delivery.timeoutMs + 2_000);
      await Promise.race([Promise.allSettled([...inflight.values()].map((f) => f.done)), deadline]);
      const leftover = [...new Set([...inflight.values()].map((f) => f.owner))];
      if (leftover.length > 0) {
        const released = await releaseLeases(leftover, pool).catch(() => 0);
        log(`released ${released} unfinished deliveries`);
      }
      log(`stopped ${id}`);
    },
  };
}

const QUIET_AFTER_EMPTY_MS = 50;

/** Claimed deliveries of one endpoint held by this worker. */
interface EndpointQueue {
  cap: number;
  sending: number;
  waiting: Waiting[];
}

interface Waiting {
  claim: FairClaim;
  committed: Promise<void>;
  /** Not started by then, it is handed back rather than risk outliving its lease. */
  startBy: number;
}

function sleep(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());
}

/** A dedicated connection for LISTEN (a pooled one would lose the subscription). Reconnects. */
function listen(onNotify: () => void, log: (line: string) => void) {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async () => {
    if (closed) return;
    const next = newClient();
    client = next;
    next.on("notification", onNotify);
    next.on("error", (error) => {
      log(`listener connection lost: ${error.message}`);
      reconnect(next);
    });
    next.on("end", () => reconnect(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${DELIVERY_CHANNEL}`);
      // Whatever was notified while we were not listening is picked up by this wake.
      onNotify();
    } catch (error) {
      log(`listener connect failed: ${(error as Error).message}`);
      reconnect(next);
    }
  };
  const reconnect = (failed: pg.Client) => {
    if (closed || client !== failed || retry) return;
    client = null;
    failed.end().catch(() => {});
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, 1_000);
  };
  void connect();

  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
