import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, DEFAULT_RETRY_SCHEDULE_SECONDS, parseConfig } from "./config";

const problemsOf = (env: Record<string, string>) => {
  try {
    parseConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, "a ConfigError");
    return error.problems;
  }
  assert.fail("expected the configuration to be refused");
};

describe("configuration", () => {
  test("an empty environment gives the documented defaults", () => {
    const c = parseConfig({});
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.dataDir, ".nahook");
    assert.equal(c.region, "us");
    assert.equal(c.maxBodyBytes, 262_144);
    assert.deepEqual(c.rateLimit, {
      windowMs: 60_000,
      management: { free: 1000, pro: 1000, enterprise: 1000 },
      ingestion: { free: 6_000, pro: 60_000, enterprise: 300_000 },
    });
    assert.equal(c.delivery.connectTimeoutMs, 5_000);
    assert.equal(c.delivery.endpointMaxInFlight, 6);
    assert.deepEqual(c.delivery.breaker, { failures: 5, probeMs: 5_000, maxProbeMs: 600_000 });
    assert.equal(c.allowPrivateNetworks, false);
    assert.deepEqual(c.slackWebhookHosts, ["hooks.slack.com"]);
    assert.deepEqual(c.pools, { prisma: 10, queue: 10, worker: 6 });
    assert.equal(c.runWorker, true);
    assert.equal(c.delivery.timeoutMs, 15_000);
    assert.equal(c.delivery.leaseMs, 45_000, "lease defaults to the timeout + 30 s");
    assert.deepEqual(c.delivery.retryScheduleSeconds, DEFAULT_RETRY_SCHEDULE_SECONDS);
    assert.equal(c.retention.historyMs, 7 * 24 * 3_600_000);
    assert.equal(c.retention.enabled, true);
    assert.equal(c.testHooks, false);
  });

  test("rate limits by plan: the plan's variable, else the scope's, else the default", () => {
    const c = parseConfig({ NAHOOK_RATE_LIMIT: "500", NAHOOK_RATE_LIMIT_ENTERPRISE: "5000", NAHOOK_INGEST_RATE_LIMIT: "100", NAHOOK_INGEST_RATE_LIMIT_PRO: "200" });
    assert.deepEqual(c.rateLimit.management, { free: 500, pro: 500, enterprise: 5000 });
    assert.deepEqual(c.rateLimit.ingestion, { free: 100, pro: 200, enterprise: 100 });
    assert.throws(() => parseConfig({ NAHOOK_ENDPOINT_MAX_IN_FLIGHT: "0" }), /NAHOOK_ENDPOINT_MAX_IN_FLIGHT/);
  });

  test("values are parsed into their units", () => {
    const c = parseConfig({
      DATABASE_URL: "postgres://u:p@db:5432/nahook",
      NAHOOK_RETENTION_HOURS: "720",
      NAHOOK_PAYLOAD_RETENTION_HOURS: "24",
      NAHOOK_DELIVERY_TIMEOUT_MS: "3000",
      NAHOOK_RETRY_SCHEDULE: " 0, 1 ,2.5",
      NAHOOK_SLACK_WEBHOOK_HOSTS: "Hooks.Slack.com, 127.0.0.1,",
      NAHOOK_WORKER: "off",
      NAHOOK_ALLOW_PRIVATE_NETWORKS: "true",
      PORTAL_BASE_URL: "https://portal.example.com/",
    });
    assert.equal(c.databaseUrl, "postgres://u:p@db:5432/nahook");
    assert.equal(c.retention.historyMs, 30 * 24 * 3_600_000, "30 days of history are listed, not 7");
    assert.equal(c.retention.payloadMs, 24 * 3_600_000);
    assert.equal(c.delivery.leaseMs, 33_000);
    assert.equal(c.delivery.connectTimeoutMs, 3_000, "the connect deadline never exceeds the whole-attempt one");
    assert.deepEqual(c.delivery.retryScheduleSeconds, [0, 1, 2.5]);
    assert.deepEqual(c.slackWebhookHosts, ["hooks.slack.com", "127.0.0.1"]);
    assert.equal(c.runWorker, false);
    assert.equal(c.allowPrivateNetworks, true);
    assert.equal(c.portalBaseUrl, "https://portal.example.com", "no trailing slash");
  });

  test("payloads are never kept longer than the history they belong to", () => {
    const c = parseConfig({ NAHOOK_RETENTION_HOURS: "24", NAHOOK_PAYLOAD_RETENTION_HOURS: "720" });
    assert.equal(c.retention.payloadMs, 24 * 3_600_000);
  });

  test("prefetch depth: two caps unless configured", () => {
    assert.equal(parseConfig({}).delivery.prefetchCaps, 2);
    assert.equal(parseConfig({ NAHOOK_WORKER_PREFETCH: "4" }).delivery.prefetchCaps, 4);
  });

  test("an empty value counts as unset", () => {
    assert.equal(parseConfig({ NAHOOK_WORKER_CONCURRENCY: "", DATABASE_URL: "" }).delivery.concurrency, 64);
  });

  test("invalid values are refused with the variable's name", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ NAHOOK_WORKER_CONCURRENCY: "lots" }, /^NAHOOK_WORKER_CONCURRENCY: must be a whole number/],
      [{ NAHOOK_WORKER_CONCURRENCY: "0" }, /^NAHOOK_WORKER_CONCURRENCY: must be at least 1/],
      [{ NAHOOK_MAX_BODY_BYTES: "-5" }, /^NAHOOK_MAX_BODY_BYTES: /],
      [{ NAHOOK_RETRY_SCHEDULE: "1,abc" }, /^NAHOOK_RETRY_SCHEDULE: must be comma-separated seconds/],
      [{ NAHOOK_RETRY_SCHEDULE: "5,-1" }, /^NAHOOK_RETRY_SCHEDULE: /],
      [{ NAHOOK_ALLOW_PRIVATE_NETWORKS: "maybe" }, /^NAHOOK_ALLOW_PRIVATE_NETWORKS: must be true or false/],
      [{ PORTAL_BASE_URL: "javascript://evil.example" }, /^PORTAL_BASE_URL: must be an absolute http\(s\) URL/],
      [{ NAHOOK_SESSION_SECRET: "short" }, /^NAHOOK_SESSION_SECRET: must be at least 32 characters/],
      [{ NAHOOK_REGION: "US-East" }, /^NAHOOK_REGION: /],
      [{ NAHOOK_WORKER_LEASE_MS: "10" }, /^NAHOOK_WORKER_LEASE_MS: must be at least 1000/],
      [{ NAHOOK_WORKER_PREFETCH: "9" }, /^NAHOOK_WORKER_PREFETCH: /],
    ];
    for (const [env, expected] of cases) {
      const problems = problemsOf(env);
      assert.equal(problems.length, 1, JSON.stringify(env));
      assert.match(problems[0], expected);
    }
  });

  test("a misspelt NAHOOK_ name is refused; test-harness and foreign variables are ignored", () => {
    assert.deepEqual(problemsOf({ NAHOOK_WORKER_CONCURENCY: "8" }), ["NAHOOK_WORKER_CONCURENCY: unknown setting (see the README's configuration table)"]);
    assert.doesNotThrow(() => parseConfig({ NAHOOK_TEST_PORT: "3199", PATH: "/usr/bin", HOME: "/root" }));
  });

  test("every problem is reported at once, in one message", () => {
    try {
      parseConfig({ NAHOOK_WORKER_BATCH: "x", NAHOOK_TYPO: "1" });
      assert.fail("expected a ConfigError");
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 2);
      assert.match(error.message, /NAHOOK_WORKER_BATCH/);
      assert.match(error.message, /NAHOOK_TYPO/);
    }
  });
});
