import { config } from "@/lib/config";

/**
 * Automatic retry schedule (spec §15.1 left it open; modelled on Svix). Entry i is the delay
 * before attempt i+1, counted from the previous failure: the first entry is the first attempt.
 * The schedule is config().delivery.retryScheduleSeconds (NAHOOK_RETRY_SCHEDULE; tests use "0,1,1,1").
 */
const JITTER = 0.2;

/**
 * Delay before the next attempt after `attemptsMade` failed ones, or null when exhausted.
 * ±20% jitter spreads retries of an outage over time; a receiver's Retry-After (already
 * bounded by the caller) is honoured when it asks for more than the schedule.
 */
export function nextRetryDelayMs(
  attemptsMade: number,
  retryAfterMs: number | null,
  random = Math.random,
  schedule = config().delivery.retryScheduleSeconds,
): number | null {
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
