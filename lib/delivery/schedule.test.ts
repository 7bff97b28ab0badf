import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, DEFAULT_RETRY_SCHEDULE_SECONDS, parseConfig } from "@/lib/config";
import { nextRetryDelayMs, parseRetryAfter } from "./schedule";

const DEFAULT = DEFAULT_RETRY_SCHEDULE_SECONDS;
const low = () => 0;
const middle = () => 0.5;
const high = () => 1;

describe("retry schedule", () => {
  test("default: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h (10 attempts)", () => {
    assert.deepEqual(DEFAULT, [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]);
    // Unit tests run without NAHOOK_* variables, so the configured schedule is the default one.
    DEFAULT.forEach((seconds, attemptsMade) => assert.equal(nextRetryDelayMs(attemptsMade, null, middle), seconds * 1000));
    assert.equal(nextRetryDelayMs(DEFAULT.length, null, middle), null);
  });

  test("each delay is the schedule entry with ±20% jitter", () => {
    DEFAULT.forEach((seconds, attemptsMade) => {
      assert.equal(nextRetryDelayMs(attemptsMade, null, low, DEFAULT), Math.round(seconds * 1000 * 0.8), `attempt ${attemptsMade}, random 0`);
      assert.equal(nextRetryDelayMs(attemptsMade, null, middle, DEFAULT), seconds * 1000, `attempt ${attemptsMade}, random 0.5`);
      assert.equal(nextRetryDelayMs(attemptsMade, null, high, DEFAULT), Math.round(seconds * 1000 * 1.2), `attempt ${attemptsMade}, random 1`);
    });
  });

  test("with Math.random the delay stays inside the jitter band and is a whole number of ms", () => {
    for (let i = 0; i < 500; i++) {
      const attemptsMade = i % DEFAULT.length;
      const base = DEFAULT[attemptsMade] * 1000;
      const delay = nextRetryDelayMs(attemptsMade, null, Math.random, DEFAULT);
      assert.ok(delay !== null && Number.isInteger(delay), `integer delay, got ${delay}`);
      assert.ok(delay >= Math.round(base * 0.8) && delay <= Math.round(base * 1.2), `${delay} within ±20% of ${base}`);
    }
  });

  test("the first attempt is immediate whatever the jitter", () => {
    for (const random of [low, middle, high]) assert.equal(nextRetryDelayMs(0, null, random, DEFAULT), 0);
  });

  test("after the last entry the schedule is exhausted (null: dead letter)", () => {
    assert.notEqual(nextRetryDelayMs(DEFAULT.length - 1, null, middle, DEFAULT), null);
    assert.equal(nextRetryDelayMs(DEFAULT.length, null, middle, DEFAULT), null);
    assert.equal(nextRetryDelayMs(DEFAULT.length + 5, null, middle, DEFAULT), null);
  });

  test("a custom schedule: its entries, then exhausted", () => {
    const short = [0, 1, 1, 1]; // what the e2e server runs with
    assert.equal(nextRetryDelayMs(3, null, middle, short), 1000);
    assert.equal(nextRetryDelayMs(4, null, middle, short), null);
    assert.equal(nextRetryDelayMs(1, null, middle, [2, 0.5]), 500);
    // One entry: one attempt, no retries.
    assert.equal(nextRetryDelayMs(0, null, middle, [0]), 0);
    assert.equal(nextRetryDelayMs(1, null, middle, [0]), null);
  });

  test("a Retry-After longer than the jittered delay wins; a shorter one does not shorten it", () => {
    assert.equal(nextRetryDelayMs(1, 60_000, middle, DEFAULT), 60_000); // schedule: 5 s
    assert.equal(nextRetryDelayMs(2, 60_000, middle, DEFAULT), 300_000); // schedule: 5 min
    assert.equal(nextRetryDelayMs(1, 0, middle, DEFAULT), 5_000);
    // Compared with the jittered value, not the base: 4.5 s beats 4 s (5 s × 0.8) but not 6 s (× 1.2).
    assert.equal(nextRetryDelayMs(1, 4_500, low, DEFAULT), 4_500);
    assert.equal(nextRetryDelayMs(1, 4_500, high, DEFAULT), 6_000);
  });

  test("a Retry-After does not extend an exhausted schedule", () => {
    assert.equal(nextRetryDelayMs(DEFAULT.length, 1_000, middle, DEFAULT), null);
  });
});

describe("NAHOOK_RETRY_SCHEDULE (read by lib/config)", () => {
  const schedule = (value: string) => parseConfig({ NAHOOK_RETRY_SCHEDULE: value }).delivery.retryScheduleSeconds;

  test("replaces the schedule: seconds, comma-separated, spaces allowed", () => {
    assert.deepEqual(schedule("0,1,1,1"), [0, 1, 1, 1]);
    assert.deepEqual(schedule(" 2 , 10,0.5 "), [2, 10, 0.5]);
  });

  test("unset or empty: the default", () => {
    assert.deepEqual(parseConfig({}).delivery.retryScheduleSeconds, DEFAULT);
    assert.deepEqual(schedule(""), DEFAULT);
    assert.deepEqual(schedule("   "), DEFAULT);
  });

  test("an unusable value stops start-up, naming the variable", () => {
    for (const value of ["1,abc", "5,-1", "-0.5", "1,Infinity", "NaN", "5s,10s", "1,,2", ","]) {
      assert.throws(
        () => schedule(value),
        (error: unknown) => error instanceof ConfigError && error.message.includes("NAHOOK_RETRY_SCHEDULE"),
        JSON.stringify(value),
      );
    }
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");

  test("integer seconds", () => {
    assert.equal(parseRetryAfter("30", now), 30_000);
    assert.equal(parseRetryAfter(" 120 ", now), 120_000);
    assert.equal(parseRetryAfter("0", now), 0);
  });

  test("an HTTP date: the time until then, never negative", () => {
    assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", now), 60_000);
    assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:00 GMT", now), 0);
    assert.equal(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now), 0);
  });

  test("absent or unreadable: null", () => {
    for (const value of [undefined, null, "", "   ", "soon", "30s"]) assert.equal(parseRetryAfter(value, now), null, JSON.stringify(value));
  });

  test("negative or fractional seconds never ask for a wait", () => {
    // Not integer seconds; Date.parse reads them as dates long past, so they add nothing.
    for (const value of ["-5", "1.5"]) assert.equal(parseRetryAfter(value, now) ?? 0, 0, value);
  });

  test("counts from the current time by default", () => {
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    const ms = parseRetryAfter(inAMinute);
    assert.ok(ms !== null && ms > 55_000 && ms <= 60_000, `got ${ms}`);
  });
});
