import { config } from "@/lib/config";

/**
 * Per-credential fixed-window rate limit for the Management API. Counters live in this process's
 * memory: with several web processes each enforces the limit on its own share of the traffic.
 * A window opens at a credential's first request and lasts NAHOOK_RATE_LIMIT_WINDOW_SECONDS.
 */

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Unix time (seconds) at which the current window ends. */
  reset: number;
  allowed: boolean;
  /** Whole seconds until the window ends (≥ 1), for Retry-After. */
  retryAfter: number;
}

const MAX_TRACKED = 50_000;

const windows = new Map<string, { start: number; count: number }>();

function sweep(now: number, windowMs: number) {
  for (const [key, w] of windows) if (now - w.start >= windowMs) windows.delete(key);
}

/** Counts one request for `key` and says whether it is within the limit. */
export function consumeRateLimit(key: string, opts: { limit?: number; now?: number } = {}): RateLimitState {
  const { windowMs } = config().rateLimit;
  const limit = opts.limit ?? config().rateLimit.limit;
  const now = opts.now ?? Date.now();
  let w = windows.get(key);
  if (!w || now - w.start >= windowMs) {
    if (windows.size >= MAX_TRACKED) sweep(now, windowMs);
    w = { start: now, count: 0 };
    windows.set(key, w);
  }
  const allowed = w.count < limit;
  if (allowed) w.count++;
  const end = w.start + windowMs;
  return { limit, remaining: Math.max(0, limit - w.count), reset: Math.ceil(end / 1000), allowed, retryAfter: Math.max(1, Math.ceil((end - now) / 1000)) };
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
