import { config } from "@/lib/config";
import { queuePool, type Queryable } from "@/lib/db/pg";
import { RateCounter, type SharedRow } from "./rate-counter";

/**
 * Per-credential fixed-window rate limits, shared by every web process: the counters live in
 * PostgreSQL (`rate_limit_windows`, an UNLOGGED table: no WAL, and a crash only resets them).
 * Ingestion keys far from their limit are counted in the process and added to their row in
 * batches; near it (or for a small limit), and for management tokens always, each request is one
 * upsert (./rate-counter.ts). A window opens at a credential's first request and lasts
 * NAHOOK_RATE_LIMIT_WINDOW_SECONDS; every request in it counts, refused ones too.
 *
 * Limits per window, by plan (each variable also has `_FREE`, `_PRO`, `_ENTERPRISE` forms):
 * - Management API, per token: NAHOOK_RATE_LIMIT (default 1000 on every plan);
 * - Ingestion API, per ingestion key: NAHOOK_INGEST_RATE_LIMIT (defaults: free 6,000,
 *   pro 60,000, enterprise 300,000 — 100, 1,000 and 5,000 events/s over a minute).
 */

export type PlanName = "free" | "pro" | "enterprise";
export type RateLimitScope = "management" | "ingestion";

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Unix time (seconds) at which the current window ends. */
  reset: number;
  allowed: boolean;
  /** Whole seconds until the window ends (≥ 1), for Retry-After. */
  retryAfter: number;
}

export function windowSeconds(): number {
  return Math.round(config().rateLimit.windowMs / 1000);
}

/** The limit for a plan (lib/config: the plan's variable, else the scope's, else the default). */
export function planLimit(scope: RateLimitScope, plan: PlanName): number {
  return config().rateLimit[scope][plan];
}

/**
 * The counting statement: adds `deltas[i]` to credential `keys[i]` ($1, $2; keys unique, sorted by
 * the caller so concurrent statements lock rows in one order), opening a new window where the
 * last one ended ($3 = window seconds); returns each row's window start and total.
 */
export const ADD_SQL = `INSERT INTO rate_limit_windows (key, "windowStart", count)
  SELECT k, now(), d FROM unnest($1::text[], $2::int[]) AS t(k, d)
  ON CONFLICT (key) DO UPDATE SET
    "windowStart" = CASE WHEN rate_limit_windows."windowStart" <= now() - $3 * interval '1 second' THEN now() ELSE rate_limit_windows."windowStart" END,
    count = CASE WHEN rate_limit_windows."windowStart" <= now() - $3 * interval '1 second' THEN EXCLUDED.count ELSE rate_limit_windows.count + EXCLUDED.count END
  RETURNING key, "windowStart", count`;

/** Turns a window's counters into the answer's state. */
export function rateState(limit: number, windowStart: Date, count: number, now = Date.now()): RateLimitState {
  const end = windowStart.getTime() + windowSeconds() * 1000;
  return {
    limit,
    remaining: Math.max(0, limit - count),
    reset: Math.ceil(end / 1000),
    allowed: count <= limit,
    retryAfter: Math.max(1, Math.ceil((end - now) / 1000)),
  };
}

/** How often a process adds its locally counted requests to the shared rows. */
export const RATE_FLUSH_MS = 100;

const globalForCounter = globalThis as unknown as { nahookRateCounter?: RateCounter };

function counter(): RateCounter {
  globalForCounter.nahookRateCounter ??= new RateCounter(
    async (keys, deltas) => {
      const q = queuePool();
      const { rows } = await q.query<SharedRow>({ name: "nahook_rate_limit_add", text: ADD_SQL, values: [keys, deltas, windowSeconds()] });
      return rows;
    },
    { windowMs: () => config().rateLimit.windowMs, flushMs: RATE_FLUSH_MS, onFlushError: (error) => console.error(`[rate-limit] flush failed: ${error instanceof Error ? error.message : String(error)}`) },
  );
  return globalForCounter.nahookRateCounter;
}

/**
 * Counts one request for `key` and says whether it is within `limit` (see ./rate-counter.ts for
 * when that is decided in this process and when by the shared row). `exact`: always the shared row.
 */
export async function consumeRateLimit(key: string, limit: number, options: { exact?: boolean } = {}): Promise<RateLimitState> {
  const counted = await counter().count(key, limit, options.exact ?? false);
  sweepSometimes();
  return rateState(limit, counted.windowStart, counted.count);
}

let sinceSweep = 0;

/** Windows of credentials that went quiet are deleted now and then (about every 10,000 requests). */
export function sweepSometimes(q: Queryable = queuePool()): void {
  if (++sinceSweep < 10_000) return;
  sinceSweep = 0;
  q.query(`DELETE FROM rate_limit_windows WHERE "windowStart" < now() - $1 * interval '1 second'`, [windowSeconds() * 2]).catch(() => {});
}

export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(state.limit),
    "X-RateLimit-Remaining": String(state.remaining),
    "X-RateLimit-Reset": String(state.reset),
  };
  if (!state.allowed) headers["Retry-After"] = String(state.retryAfter);
  return headers;
}

/** Test servers (NAHOOK_TEST_HOOKS=1) let a request lower its credential's limit, so 429 is testable quickly. */
export function testLimitOverride(request: Request): number | undefined {
  if (!config().testHooks) return undefined;
  const value = Number(request.headers.get("x-nahook-test-rate-limit"));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
