import { DEFAULT_SCHEDULE_SECONDS, nextRetryDelayMs, parseRetryAfter, retryScheduleSeconds } from "@/lib/delivery/schedule";
import { expect, test } from "../support/fixtures";

async function withSchedule<T>(value: string | undefined, run: () => T): Promise<T> {
  const previous = process.env.NAHOOK_RETRY_SCHEDULE;
  if (value === undefined) delete process.env.NAHOOK_RETRY_SCHEDULE;
  else process.env.NAHOOK_RETRY_SCHEDULE = value;
  try {
    return run();
  } finally {
    if (previous === undefined) delete process.env.NAHOOK_RETRY_SCHEDULE;
    else process.env.NAHOOK_RETRY_SCHEDULE = previous;
  }
}

test.describe("retry schedule", () => {
  test("default: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h with ±20% jitter, then dead letter", async () => {
    await withSchedule(undefined, () => {
      expect(retryScheduleSeconds()).toEqual([0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]);
      DEFAULT_SCHEDULE_SECONDS.forEach((seconds, attemptsMade) => {
        expect(nextRetryDelayMs(attemptsMade, null, () => 0)).toBe(Math.round(seconds * 1000 * 0.8));
        expect(nextRetryDelayMs(attemptsMade, null, () => 1)).toBe(Math.round(seconds * 1000 * 1.2));
        expect(nextRetryDelayMs(attemptsMade, null, () => 0.5)).toBe(seconds * 1000);
      });
      expect(nextRetryDelayMs(10, null)).toBeNull();
    });
  });

  test("NAHOOK_RETRY_SCHEDULE overrides it; an invalid value keeps the default", async () => {
    await withSchedule("0,1,1,1", () => {
      expect(retryScheduleSeconds()).toEqual([0, 1, 1, 1]);
      expect(nextRetryDelayMs(3, null, () => 0.5)).toBe(1000);
      expect(nextRetryDelayMs(4, null)).toBeNull();
    });
    await withSchedule("1,abc", () => expect(retryScheduleSeconds()).toEqual(DEFAULT_SCHEDULE_SECONDS));
    await withSchedule("5,-1", () => expect(retryScheduleSeconds()).toEqual(DEFAULT_SCHEDULE_SECONDS));
  });

  test("Retry-After wins when it asks for longer than the schedule", async () => {
    await withSchedule(undefined, () => {
      expect(nextRetryDelayMs(1, 60_000, () => 0.5)).toBe(60_000);
      expect(nextRetryDelayMs(2, 60_000, () => 0.5)).toBe(300_000);
    });
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("30", now)).toBe(30_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
