/**
 * Automatic retry schedule (spec §15.1 left it open; modelled on Svix). Entry i is the delay
 * before attempt i+1, counted from the previous failure: the first entry is the first attempt.
 * NAHOOK_RETRY_SCHEDULE (seconds, comma-separated) replaces it; tests use "0,1,1,1".
 */
export const DEFAULT_SCHEDULE_SECONDS = [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

const JITTER = 0.2;

export function retryScheduleSeconds(): number[] {
  const raw = process.env.NAHOOK_RETRY_SCHEDULE;
  if (!raw) return DEFAULT_SCHEDULE_SECONDS;
  const parsed = raw.split(",").map((part) => Number(part.trim()));
  if (parsed.length === 0 || parsed.some((n) => !Number.isFinite(n) || n < 0)) return DEFAULT_SCHEDULE_SECONDS;
  return parsed;
}

/**
 * Delay before the next attempt after `attemptsMade` failed ones, or null when exhausted.
 * ±20% jitter spreads retries of an outage over time; a receiver's Retry-After (already
 * bounded by the caller) is honoured when it asks for more than the schedule.
 */
export function nextRetryDelayMs(attemptsMade: number, retryAfterMs: number | null, random = Math.random): number | null {
  const schedule = retryScheduleSeconds();
  if (attemptsMade >= schedule.length) return null;
  const base = schedule[attemptsMade] * 1000;
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * random()));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Retry-After as integer seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
