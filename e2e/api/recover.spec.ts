import { db, expect, expectError, test } from "../support/fixtures";
import { createEndpoint, ingestClient, startReceiver, waitForDelivery, waitUntil } from "../support/delivery";

// The test server runs with NAHOOK_RETRY_SCHEDULE=0,1,1,1: a failing receiver dead-letters a
// delivery after 4 attempts, about 3 s.

interface Job { id: string; status: string; total: number; processed: number; requeued: number; skipped: number; since: string; until: string }

test.describe("recover: retry every failed delivery of an endpoint since a time (extension E8/E9)", () => {
  test("a job re-sends each dead-lettered delivery once, with progress; pressing again sends nothing twice", async ({ request, ws, mgmt }) => {
    let healthy = false;
    const receiver = await startReceiver((_req, res) => {
      res.statusCode = healthy ? 200 : 500;
      res.end();
    });
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      const ingest = ingestClient(request, ws.ingestionKey);
      // One delivery: its 4 failed attempts stay below the circuit breaker's 5 failures in a row,
      // which would otherwise pace the remaining retries by its probes (that is the isolation
      // specs' subject; this one is about recovery).
      const ids: string[] = [];
      for (let i = 0; i < 1; i++) ids.push((await (await ingest.send(endpoint.id, { payload: { n: i } })).json()).deliveryId);
      for (const id of ids) await waitForDelivery(id, (d) => d.status === "dead_letter", 30_000);
      const failedRequests = receiver.requests.length;

      // The rollup the charts read was written with each attempt: 4 failed attempts.
      await waitUntil(async () => (await db.deliveryStatsHourly.aggregate({ where: { endpointId: endpoint.id }, _sum: { attempts: true } }))._sum.attempts === 4, 10_000, "stats");

      healthy = true;
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const started = await mgmt.post(`/endpoints/${endpoint.id}/recover`, { since });
      expect(started.status()).toBe(202);
      const job = (await started.json()) as Job;
      expect(job).toMatchObject({ total: 1, requeued: 0, skipped: 0 });
      expect(["queued", "running", "completed"]).toContain(job.status);

      // Pressing again right away: the unfinished job comes back, or — once it has finished —
      // a new one finds nothing left to retry. Either way nothing is sent twice.
      const again = (await (await mgmt.post(`/endpoints/${endpoint.id}/recover`, { since })).json()) as Job;
      if (again.id !== job.id) expect(again.total).toBe(0);

      let progress: Job = job;
      await waitUntil(async () => {
        progress = (await (await mgmt.get(`/endpoints/${endpoint.id}/recover/${job.id}`)).json()) as Job;
        return progress.status === "completed";
      }, 20_000, "the recover job to complete");
      expect(progress).toMatchObject({ status: "completed", total: 1, processed: 1, requeued: 1, skipped: 0 });
      for (const id of ids) await waitForDelivery(id, (d) => d.status === "delivered", 20_000);

      const third = (await (await mgmt.post(`/endpoints/${endpoint.id}/recover`, { since })).json()) as Job;
      expect(third).toMatchObject({ status: "completed", total: 0 });
      await new Promise((r) => setTimeout(r, 1_500));
      const resent = receiver.requests.slice(failedRequests);
      expect(resent).toHaveLength(1);
      // The same webhook-id as the original attempts, one per message.
      const messageIds = (await db.delivery.findMany({ where: { id: { in: ids } }, select: { messageId: true } })).map((d) => d.messageId).sort();
      expect(resent.map((r) => r.headers["webhook-id"]).sort()).toEqual(messageIds);

      const stats = await db.deliveryStatsHourly.aggregate({ where: { endpointId: endpoint.id }, _sum: { attempts: true, succeeded: true, timed: true } });
      expect(stats._sum).toEqual({ attempts: 5, succeeded: 1, timed: 5 });

      const audits = await db.auditLog.findMany({ where: { workspaceId: ws.workspaceId, action: "endpoint.recover_started", resourceId: endpoint.id } });
      expect(audits.map((a) => a.metadata)).toContainEqual(expect.objectContaining({ jobId: job.id, total: 1 }));
    } finally {
      await receiver.close();
    }
  });

  test("bounded by retention, validated, scoped", async ({ ws, mgmt }) => {
    const endpoint = await createEndpoint(ws, { url: "https://recover.example.com/hook" });
    // A start before the 7-day window is clamped to it.
    const old = await mgmt.post(`/endpoints/${endpoint.id}/recover`, { since: new Date(Date.now() - 30 * 86_400_000).toISOString() });
    expect(old.status()).toBe(202);
    const clamped = (await old.json()) as Job;
    expect(Date.parse(clamped.since)).toBeGreaterThan(Date.now() - 7 * 86_400_000 - 60_000);
    expect(clamped).toMatchObject({ status: "completed", total: 0 });
    // A window entirely before retention names `until`.
    const gone = await expectError(await mgmt.post(`/endpoints/${endpoint.id}/recover`, {
      since: new Date(Date.now() - 30 * 86_400_000).toISOString(), until: new Date(Date.now() - 20 * 86_400_000).toISOString(),
    }), 400, "validation_error");
    expect(gone.message).toContain("until");
    await expectError(await mgmt.post(`/endpoints/${endpoint.id}/recover`, {}), 400, "validation_error");
    await expectError(await mgmt.post(`/endpoints/${endpoint.id}/recover`, { since: "yesterday" }), 400, "validation_error");
    await expectError(await mgmt.post(`/endpoints/${endpoint.id}/recover`, { since: new Date(Date.now() + 3_600_000).toISOString() }), 400, "validation_error");
    const order = await expectError(await mgmt.post(`/endpoints/${endpoint.id}/recover`, {
      since: new Date(Date.now() - 1_000).toISOString(), until: new Date(Date.now() - 60_000).toISOString(),
    }), 400, "validation_error");
    expect(order.message).toContain("since");
    await expectError(await mgmt.post(`/endpoints/ep_missing/recover`, { since: new Date().toISOString() }), 404, "not_found");
    await expectError(await mgmt.get(`/endpoints/${endpoint.id}/recover/rcv_missing`), 404, "not_found");

    // A disabled endpoint cannot be recovered into.
    await db.endpoint.update({ where: { id: endpoint.id }, data: { isActive: false } });
    await expectError(await mgmt.post(`/endpoints/${endpoint.id}/recover`, { since: new Date(Date.now() - 60_000).toISOString() }), 409, "conflict");
  });

  test("another workspace's job and endpoint are 404", async ({ ws, mgmt, request }) => {
    const endpoint = await createEndpoint(ws, { url: "https://recover.example.com/a" });
    const job = (await (await mgmt.post(`/endpoints/${endpoint.id}/recover`, { since: new Date(Date.now() - 60_000).toISOString() })).json()) as Job;
    const { newWorkspace, managementClient } = await import("../support/fixtures");
    const other = managementClient(request, await newWorkspace("pro"));
    await expectError(await other.get(`/endpoints/${endpoint.id}/recover/${job.id}`), 404, "not_found");
    await expectError(await other.post(`/endpoints/${endpoint.id}/recover`, { since: new Date().toISOString() }), 404, "not_found");
  });
});

test.describe("replay one delivery (extension D5)", () => {
  test("a delivered event is sent again with the same webhook-id; unfinished deliveries are 409", async ({ request, ws, mgmt }) => {
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      const { deliveryId } = await (await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: { replay: true } })).json();
      const first = await waitForDelivery(deliveryId, (d) => d.status === "delivered");

      const replayed = await mgmt.post(`/deliveries/${deliveryId}/replay`);
      expect(replayed.status()).toBe(202);
      expect(await replayed.json()).toMatchObject({ id: deliveryId, status: "pending" });
      const done = await waitForDelivery(deliveryId, (d) => d.status === "delivered" && d.totalAttempts === 2);
      expect(done.attempts.map((a) => a.status)).toEqual(["success", "success"]);
      await receiver.waitForRequests(2);
      expect(receiver.requests.map((r) => r.headers["webhook-id"])).toEqual([first.messageId, first.messageId]);
      expect(receiver.requests[1].body).toBe(receiver.requests[0].body);
      expect(await db.auditLog.count({ where: { workspaceId: ws.workspaceId, action: "delivery.replayed", resourceId: deliveryId } })).toBe(1);

      // Nor to a disabled endpoint: the attempt would only be recorded as not sent, turning a
      // delivered event into a failed one.
      expect((await mgmt.patch(`/endpoints/${endpoint.id}`, { isActive: false })).status()).toBe(200);
      expect((await expectError(await mgmt.post(`/deliveries/${deliveryId}/replay`), 409, "conflict")).message).toMatch(/disabled/);
      expect(await db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({ status: "delivered", totalAttempts: 2 });
      expect((await mgmt.patch(`/endpoints/${endpoint.id}`, { isActive: true })).status()).toBe(200);

      // While a delivery is still on its way it cannot be replayed.
      await db.delivery.update({ where: { id: deliveryId }, data: { status: "scheduled_retry", nextAttemptAt: new Date(Date.now() + 3_600_000) } });
      await expectError(await mgmt.post(`/deliveries/${deliveryId}/replay`), 409, "conflict");
      await expectError(await mgmt.post(`/deliveries/del_missing/replay`), 404, "not_found");
    } finally {
      await receiver.close();
    }
  });
});
