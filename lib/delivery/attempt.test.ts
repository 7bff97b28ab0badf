import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Webhook } from "standardwebhooks";
import { DEFAULT_RETRY_SCHEDULE_SECONDS } from "@/lib/config";
import { buildRequest, decideOutcome, runAttempt, USER_AGENT } from "./attempt";
import type { AttemptRecord, ClaimedDelivery } from "./queue";
import type { SendResult } from "./sender";

// Unit tests run with the default configuration: the default retry schedule, Retry-After capped
// at 1 hour, endpoints disabled after 5 days of failures, private networks refused.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SECRET = "whsec_dGVzdF93ZWJob29rX3NpZ25pbmdfa2V5XzMyYnl0ZXMh";
const now = Date.parse("2026-03-01T12:00:00Z");

function claim(overrides: Partial<ClaimedDelivery> = {}): ClaimedDelivery {
  return {
    id: "del_1", workspaceId: "ws_1", totalAttempts: 0, leaseOwner: "worker_1",
    messageId: "msg_1", payload: '{"orderId":42}', eventType: "order.created", messageCreatedAt: new Date(now - 1000),
    endpointId: "ep_1", endpointType: "webhook", url: "https://93.184.216.34/hook", config: null,
    secret: SECRET, previousSecret: null, previousSecretExpiresAt: null, authUsername: null, authPassword: null,
    isActive: true, failingSince: null,
    ...overrides,
  };
}

function result(statusCode: number | null, headers: Record<string, string> | null = statusCode === null ? null : {}): SendResult {
  const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
  return { ok, statusCode, headers, body: statusCode === null ? null : "", durationMs: 12, errorMessage: ok ? null : statusCode === null ? "Connection refused" : `HTTP ${statusCode}`, refused: false };
}

/** The delay decideOutcome scheduled, in ms. */
const delayOf = (outcome: { nextAttemptAt: Date | null }) => outcome.nextAttemptAt!.getTime() - now;
/** The jitter band of schedule entry `attemptsMade` (seconds × 0.8 … × 1.2, in ms). */
const band = (attemptsMade: number) => [Math.round(DEFAULT_RETRY_SCHEDULE_SECONDS[attemptsMade] * 800), Math.round(DEFAULT_RETRY_SCHEDULE_SECONDS[attemptsMade] * 1200)];
const assertInBand = (ms: number, attemptsMade: number) => {
  const [min, max] = band(attemptsMade);
  assert.ok(ms >= min && ms <= max, `${ms} ms within [${min}, ${max}]`);
};

describe("decideOutcome: delivered / retry / dead letter / disable", () => {
  test("a 2xx is delivered", () => {
    for (const code of [200, 201, 204, 299]) assert.deepEqual(decideOutcome(claim(), result(code), 1, now), { status: "delivered", nextAttemptAt: null, disable: null });
  });

  test("a success counts even for an endpoint failing for weeks", () => {
    const outcome = decideOutcome(claim({ failingSince: new Date(now - 30 * DAY) }), result(200), 3, now);
    assert.deepEqual(outcome, { status: "delivered", nextAttemptAt: null, disable: null });
  });

  test("other answers and network errors are retried on the schedule", () => {
    for (const code of [null, 301, 400, 401, 403, 404, 408, 429, 500, 502, 503, 504]) {
      const outcome = decideOutcome(claim(), result(code), 1, now);
      assert.equal(outcome.status, "scheduled_retry", String(code));
      assert.equal(outcome.disable, null);
      assertInBand(delayOf(outcome), 1); // after the first attempt: 5 s ± 20%
    }
    assertInBand(delayOf(decideOutcome(claim(), result(500), 4, now)), 4); // after the fourth: 2 h ± 20%
  });

  test("the last scheduled attempt failing dead-letters the delivery", () => {
    const last = DEFAULT_RETRY_SCHEDULE_SECONDS.length;
    assert.equal(decideOutcome(claim(), result(500), last - 1, now).status, "scheduled_retry");
    assert.deepEqual(decideOutcome(claim(), result(500), last, now), { status: "dead_letter", nextAttemptAt: null, disable: null });
    assert.deepEqual(decideOutcome(claim(), result(null), last + 3, now), { status: "dead_letter", nextAttemptAt: null, disable: null });
  });

  test("410 Gone fails the delivery and disables a webhook endpoint; 404 does not", () => {
    assert.deepEqual(decideOutcome(claim(), result(410), 1, now), {
      status: "failed", nextAttemptAt: null, disable: { reason: "gone", detail: "Receiver answered HTTP 410" },
    });
    assert.equal(decideOutcome(claim(), result(404), 1, now).disable, null);
  });

  test("Slack: 404 (webhook or channel removed) and 410 (archived) disable the endpoint", () => {
    const slack = claim({ endpointType: "slack" });
    for (const code of [404, 410]) {
      assert.deepEqual(decideOutcome(slack, result(code), 1, now), {
        status: "failed", nextAttemptAt: null, disable: { reason: "gone", detail: `Receiver answered HTTP ${code}` },
      });
    }
    assert.equal(decideOutcome(slack, result(500), 1, now).status, "scheduled_retry");
  });

  test("gone wins over an exhausted schedule", () => {
    const outcome = decideOutcome(claim(), result(410), DEFAULT_RETRY_SCHEDULE_SECONDS.length, now);
    assert.equal(outcome.status, "failed");
    assert.equal(outcome.disable?.reason, "gone");
  });

  test("failing without a success for 5 days disables the endpoint; a moment less does not", () => {
    assert.deepEqual(decideOutcome(claim({ failingSince: new Date(now - 5 * DAY) }), result(500), 2, now), {
      status: "failed", nextAttemptAt: null, disable: { reason: "failing", detail: "No successful delivery for 5 days" },
    });
    assert.equal(decideOutcome(claim({ failingSince: new Date(now - 5 * DAY + 1) }), result(500), 2, now).status, "scheduled_retry");
    // Network errors count as failures too; the detail rounds to a tenth of a day.
    assert.deepEqual(decideOutcome(claim({ failingSince: new Date(now - 6.26 * DAY) }), result(null), 2, now).disable, {
      reason: "failing", detail: "No successful delivery for 6.3 days",
    });
  });

  test("an endpoint that has not failed yet is never disabled for failing", () => {
    assert.equal(decideOutcome(claim({ failingSince: null }), result(500), 1, now).disable, null);
  });

  test("Retry-After on 429 and 503 is honoured when longer than the schedule", () => {
    for (const code of [429, 503]) {
      const outcome = decideOutcome(claim(), result(code, { "retry-after": "120" }), 1, now);
      assert.equal(outcome.status, "scheduled_retry");
      assert.equal(delayOf(outcome), 120_000, String(code));
    }
    const dated = decideOutcome(claim(), result(429, { "retry-after": new Date(now + 10 * 60_000).toUTCString() }), 1, now);
    assert.equal(delayOf(dated), 10 * 60_000);
  });

  test("…but not when shorter than the schedule, and not on other statuses", () => {
    assertInBand(delayOf(decideOutcome(claim(), result(429, { "retry-after": "1" }), 4, now)), 4);
    assertInBand(delayOf(decideOutcome(claim(), result(500, { "retry-after": "120" }), 1, now)), 1);
    assertInBand(delayOf(decideOutcome(claim(), result(429, { "retry-after": "soon" }), 1, now)), 1);
    assertInBand(delayOf(decideOutcome(claim(), result(429, {}), 1, now)), 1);
  });

  test("Retry-After is capped at an hour", () => {
    assert.equal(delayOf(decideOutcome(claim(), result(429, { "retry-after": "86400" }), 1, now)), HOUR);
  });

  test("Retry-After does not keep an exhausted delivery alive", () => {
    const outcome = decideOutcome(claim(), result(429, { "retry-after": "60" }), DEFAULT_RETRY_SCHEDULE_SECONDS.length, now);
    assert.equal(outcome.status, "dead_letter");
  });
});

describe("buildRequest", () => {
  test("a webhook: the payload as is, signed for this attempt's time, verifiable with standardwebhooks", () => {
    const at = Date.now();
    const request = buildRequest({ ...claim(), payload: '{"orderId":42}' }, at);
    assert.equal(request.url, "https://93.184.216.34/hook");
    assert.equal(request.body, '{"orderId":42}');
    assert.equal(request.headers["content-type"], "application/json");
    assert.equal(request.headers["user-agent"], USER_AGENT);
    assert.match(USER_AGENT, /^Nahook-Webhooks\/\d+\.\d+\.\d+/);
    assert.equal(request.headers["webhook-id"], "msg_1");
    assert.equal(request.headers["webhook-timestamp"], String(Math.floor(at / 1000)));
    assert.equal(request.headers.authorization, undefined);
    assert.deepEqual(new Webhook(SECRET).verify(request.body, request.headers), { orderId: 42 });
  });

  test("during a secret rotation both secrets sign", () => {
    const previous = "whsec_b2xkX3NlY3JldF9vbGRfc2VjcmV0X29sZA==";
    const request = buildRequest({ ...claim({ previousSecret: previous, previousSecretExpiresAt: new Date(Date.now() + HOUR) }), payload: "{}" }, Date.now());
    assert.equal(request.headers["webhook-signature"].split(" ").length, 2);
    assert.deepEqual(new Webhook(previous).verify(request.body, request.headers), {});
  });

  test("HTTP Basic auth only when both username and password are set (UTF-8, colons allowed in the password)", () => {
    const both = buildRequest({ ...claim({ authUsername: "user", authPassword: "pä:ss" }), payload: "{}" }, now);
    assert.equal(both.headers.authorization, `Basic ${Buffer.from("user:pä:ss", "utf8").toString("base64")}`);
    assert.equal(buildRequest({ ...claim({ authUsername: "user" }), payload: "{}" }, now).headers.authorization, undefined);
    assert.equal(buildRequest({ ...claim({ authPassword: "secret" }), payload: "{}" }, now).headers.authorization, undefined);
    const empty = buildRequest({ ...claim({ authUsername: "", authPassword: "" }), payload: "{}" }, now);
    assert.equal(empty.headers.authorization, `Basic ${Buffer.from(":").toString("base64")}`);
  });

  test("Slack: a rendered message to config.webhookUrl, unsigned", () => {
    const slack = claim({ endpointType: "slack", url: "https://hooks.slack.com/services/T/B/fallback", config: { webhookUrl: "https://hooks.slack.com/services/T/B/x" } });
    const request = buildRequest({ ...slack, payload: '{"orderId":42}' }, now);
    assert.equal(request.url, "https://hooks.slack.com/services/T/B/x");
    assert.deepEqual(Object.keys(request.headers).sort(), ["content-type", "user-agent"]);
    const message = JSON.parse(request.body);
    assert.equal(message.text, "Nahook event: order.created");
    assert.ok(Array.isArray(message.blocks));
    // Without a (string) webhookUrl in config, the endpoint URL is used.
    assert.equal(buildRequest({ ...slack, config: null, payload: "{}" }, now).url, "https://hooks.slack.com/services/T/B/fallback");
    assert.equal(buildRequest({ ...slack, config: { webhookUrl: 42 }, payload: "{}" }, now).url, "https://hooks.slack.com/services/T/B/fallback");
  });
});

describe("runAttempt: what is recorded (no network: these attempts are never sent)", () => {
  const run = async (c: ClaimedDelivery, held = true) => {
    const records: AttemptRecord[] = [];
    const next = await runAttempt(c, async (record) => {
      records.push(record);
      return held;
    });
    assert.equal(records.length, 1, "exactly one record");
    return { next, record: records[0] };
  };

  test("an endpoint disabled after the delivery was queued: failed, kept for a manual retry", async () => {
    const { next, record } = await run(claim({ isActive: false, totalAttempts: 2 }));
    assert.equal(next, null);
    assert.equal(record.status, "failed");
    assert.equal(record.attemptNumber, 3);
    assert.equal(record.errorMessage, "Endpoint is disabled; not sent");
    assert.deepEqual(
      [record.success, record.responseStatusCode, record.responseTimeMs, record.responseHeaders, record.responseBody, record.nextAttemptAt, record.disable],
      [false, null, null, null, null, null, null],
    );
    assert.equal(record.url, "https://93.184.216.34/hook");
    assert.deepEqual([record.deliveryId, record.endpointId, record.leaseOwner], ["del_1", "ep_1", "worker_1"]);
  });

  test("a payload already purged by retention: dead letter", async () => {
    const { next, record } = await run(claim({ payload: null }));
    assert.equal(next, null);
    assert.equal(record.status, "dead_letter");
    assert.match(record.errorMessage!, /Payload no longer stored \(retention\)/);
    assert.equal(record.success, false);
  });

  test("a refused destination is a failed attempt, retried on the schedule; the attempt's URL is the one used", async () => {
    const before = Date.now();
    const slack = claim({ endpointType: "slack", url: "https://hooks.slack.com/services/T/B/x", config: { webhookUrl: "http://10.0.0.1/hook" } });
    const { next, record } = await run(slack);
    assert.equal(record.status, "scheduled_retry");
    assert.equal(record.attemptNumber, 1);
    assert.equal(record.url, "http://10.0.0.1/hook");
    assert.equal(record.success, false);
    assert.equal(record.responseStatusCode, null);
    // Customers see this message: generic (the detail is in the server log).
    assert.equal(record.errorMessage, "Destination not allowed");
    assert.ok(next instanceof Date && next.getTime() === record.nextAttemptAt!.getTime());
    const delay = next.getTime() - before;
    assert.ok(delay >= 3_000 && delay <= 7_000, `retried after about 5 s, got ${delay} ms`);
  });

  test("when the lease was lost the next attempt time is not returned", async () => {
    const { next, record } = await run(claim({ url: "http://127.0.0.1:9/" }), false);
    assert.equal(record.status, "scheduled_retry");
    assert.ok(record.nextAttemptAt instanceof Date);
    assert.equal(next, null);
  });
});
