import { config } from "@/lib/config";
import { queuePool, type Queryable } from "@/lib/db/pg";

/**
 * Per-credential fixed-window rate limits, shared by every web process: the counters live in
 * PostgreSQL (`rate_limit_windows`, an UNLOGGED table: no WAL, and a crash only resets them).
 * One upsert per request. A window opens at a credential's first request and lasts
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
 * The counting statement, also embedded in the ingestion key lookup (one round trip per event).
 * $1 = key, $2 = window seconds; returns the window's start and the count including this request.
 */
export const COUNT_SQL = `INSERT INTO rate_limit_windows (key, "windowStart", count) VALUES ($1, now(), 1)
  ON CONFLICT (key) DO UPDATE SET
    "windowStart" = CASE WHEN rate_limit_windows."windowStart" <= now() - $2 * interval '1 second' THEN now() ELSE rate_limit_windows."windowStart" END,
    count = CASE WHEN rate_limit_windows."windowStart" <= now() - $2 * interval '1 second' THEN 1 ELSE rate_limit_windows.count + 1 END
  RETURNING "windowStart", count`;

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

/** Counts one request for `key` and says whether it is within `limit`. */
export async function consumeRateLimit(key: string, limit: number, q: Queryable = queuePool()): Promise<RateLimitState> {
  const { rows } = await q.query<{ windowStart: Date; count: number }>({ name: "nahook_rate_limit", text: COUNT_SQL, values: [key, windowSeconds()] });
  sweepSometimes(q);
  return rateState(limit, rows[0].windowStart, rows[0].count);
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
