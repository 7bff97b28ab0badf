import { db, expect, expectError, test } from "../support/fixtures";
import { createEndpoint, ingestClient, startReceiver, waitForDelivery, waitUntil } from "../support/delivery";
import { TEST_METRICS_TOKEN } from "../support/metrics";

const auth = { authorization: `Bearer ${TEST_METRICS_TOKEN}` };

/** The value of one sample line (`name{labels} value`), or null when absent. */
function sample(body: string, series: string): number | null {
  const line = body.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

test.describe("GET /metrics (Prometheus, operators only)", () => {
  test("needs the configured bearer token: missing, wrong or another scheme → 401; other methods → 405", async ({ request, ws }) => {
    const missing = await request.get("/metrics");
    await expectError(missing, 401, "unauthorized");
    expect(missing.headers()["www-authenticate"]).toMatch(/^Bearer/);
    await expectError(await request.get("/metrics", { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}x` } }), 401, "unauthorized");
    await expectError(await request.get("/metrics", { headers: { authorization: `Basic ${TEST_METRICS_TOKEN}` } }), 401, "unauthorized");
    // Tenants' credentials are not metrics credentials.
    await expectError(await request.get("/metrics", { headers: { authorization: `Bearer ${ws.managementToken}` } }), 401, "unauthorized");
    await expectError(await request.get("/metrics", { headers: { authorization: `Bearer ${ws.ingestionKey}` } }), 401, "unauthorized");
    await expectError(await request.post("/metrics", { headers: auth, data: {} }), 405, "method_not_allowed");
    const ok = await request.get("/metrics", { headers: auth });
    expect(ok.status()).toBe(200);
    expect(ok.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  test("counts ingestion and delivery by outcome, with latency histograms, queue gauges and process metrics", async ({ request, ws }) => {
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      const before = await (await request.get("/metrics", { headers: auth })).text();
      const sent = (series: string) => sample(before, series) ?? 0;
      const res = await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: { n: 1 } });
      expect(res.status()).toBe(202);
      await expectError(await ingestClient(request, ws.ingestionKey).send("ep_does_not_exist", { payload: {} }), 404, "not_found");
      await waitForDelivery((await res.json()).deliveryId, (d) => d.status === "delivered");

      // Counters only grow; other specs run meanwhile, so compare with "at least one more".
      let body = "";
      await waitUntil(async () => {
        body = await (await request.get("/metrics", { headers: auth })).text();
        return (sample(body, 'nahook_delivery_attempts_total{outcome="delivered"}') ?? 0) >= sent('nahook_delivery_attempts_total{outcome="delivered"}') + 1;
      }, 15_000, "the delivered attempt in /metrics");
      expect(sample(body, 'nahook_ingest_requests_total{operation="send",status="202"}')).toBeGreaterThanOrEqual(sent('nahook_ingest_requests_total{operation="send",status="202"}') + 1);
      expect(sample(body, 'nahook_ingest_requests_total{operation="send",status="404"}')).toBeGreaterThanOrEqual(1);
      expect(sample(body, "nahook_deliveries_enqueued_total")).toBeGreaterThanOrEqual(1);
      expect(sample(body, "nahook_enqueue_statements_total")).toBeGreaterThanOrEqual(1);
      expect(body).toMatch(/^nahook_ingest_request_duration_seconds_bucket\{le="0\.05",operation="send"\} \d+$/m);
      expect(body).toMatch(/^nahook_delivery_attempt_duration_seconds_bucket\{le="\+Inf",result="success"\} \d+$/m);
      expect(sample(body, 'nahook_delivery_attempt_duration_seconds_count{result="success"}')).toBeGreaterThanOrEqual(1);
      for (const gauge of ["nahook_queue_due", "nahook_queue_scheduled", "nahook_queue_in_flight", "nahook_queue_oldest_due_age_seconds"]) {
        expect(sample(body, gauge), gauge).toBeGreaterThanOrEqual(0);
      }
      expect(sample(body, "process_cpu_seconds_total")).toBeGreaterThan(0);
      expect(sample(body, "nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
      // Every series appears once (the processes' metrics are summed, not listed side by side).
      const series = body.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.slice(0, l.lastIndexOf(" ")));
      expect(new Set(series).size).toBe(series.length);
    } finally {
      await receiver.close();
    }
  });

  test("names no tenant and shows no secret: bounded labels only", async ({ request, ws }) => {
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(ws, { url: `${receiver.url}/private-path`, authUsername: "user", authPassword: "pa55-metrics-secret" });
      const workspace = await db.workspace.findUniqueOrThrow({ where: { id: ws.workspaceId } });
      const res = await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: { card: "4242-secret-payload" }, idempotencyKey: "metrics-idem-key" });
      expect(res.status()).toBe(202);
      await waitForDelivery((await res.json()).deliveryId, (d) => d.status === "delivered");
      const body = await (await request.get("/metrics", { headers: auth })).text();
      for (const secret of [ws.workspaceId, ws.environmentId, ws.ingestionKey, ws.managementToken, workspace.name, endpoint.id, endpoint.secret, endpoint.url, "private-path", "pa55-metrics-secret", "4242-secret-payload", "metrics-idem-key", TEST_METRICS_TOKEN]) {
        expect(body, secret).not.toContain(secret);
      }
      expect(body).not.toMatch(/\b(ws|env|ep|app|del|msg|att|key|tok)_[A-Za-z0-9]{6,}/);
      expect(body).not.toMatch(/nhk_|nhm_|whsec_/);
      // Label names come from a fixed set: no per-endpoint, per-application or per-tenant label.
      const labels = new Set([...body.matchAll(/[{,]([a-zA-Z_]+)="/g)].map((m) => m[1]));
      const allowed = new Set(["operation", "status", "outcome", "result", "le", "version", "major", "minor", "patch", "space", "kind", "type", "quantile"]);
      for (const label of labels) expect(allowed, `label ${label}`).toContain(label);
    } finally {
      await receiver.close();
    }
  });
});
