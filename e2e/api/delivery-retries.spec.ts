import { db, expect, expectError, newWorkspace, test } from "../support/fixtures";
import { createEndpoint, findDelivery, ingestClient, startReceiver, waitForDelivery } from "../support/delivery";

// The test server runs with NAHOOK_RETRY_SCHEDULE=0,1,1,1 (4 attempts, 1 s apart, ±20% jitter)
// and NAHOOK_DELIVERY_TIMEOUT_MS=3000.

test.describe("delivery: retries and statuses (spec §10.1)", () => {
  test("failed attempts are retried on the schedule until one succeeds", async ({ request, ws }) => {
    const receiver = await startReceiver((_req, res, index) => {
      res.statusCode = index < 2 ? 500 : 200;
      res.end(index < 2 ? "boom" : "fine");
    });
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      const { deliveryId } = await (await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: { try: 1 } })).json();
      const delivery = await waitForDelivery(deliveryId, (d) => d.status === "delivered");
      expect(delivery.totalAttempts).toBe(3);
      expect(delivery.attempts.map((a) => [a.attemptNumber, a.status, a.responseStatusCode, a.responseBody])).toEqual([
        [1, "failed", 500, "boom"],
        [2, "failed", 500, "boom"],
        [3, "success", 200, "fine"],
      ]);
      expect(delivery.attempts[0].errorMessage).toBe("HTTP 500");
      // Same message id on every attempt (receivers dedupe on it), re-signed with a fresh timestamp.
      expect(new Set(receiver.requests.map((r) => r.headers["webhook-id"])).size).toBe(1);
      // Scheduled 1 s apart with ±20% jitter.
      expect(receiver.requests[2].at - receiver.requests[1].at).toBeGreaterThanOrEqual(750);
      const ep = await db.endpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      expect(ep.failingSince).toBeNull();
      expect(ep.lastDeliveryStatus).toBe("delivered");
    } finally {
      await receiver.close();
    }
  });

  test("exhausting the schedule dead-letters; a manual retry sends once more", async ({ request, ws, mgmt }) => {
    let healthy = false;
    const receiver = await startReceiver((_req, res) => {
      res.statusCode = healthy ? 204 : 500;
      res.end();
    });
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      const { deliveryId } = await (await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: { dead: true } })).json();

      // Only failed / dead_letter deliveries can be retried.
      await expectError(await mgmt.post(`/deliveries/${deliveryId}/retry`), 409, "conflict");

      const dead = await waitForDelivery(deliveryId, (d) => d.status === "dead_letter");
      expect(dead.totalAttempts).toBe(4);
      expect(dead.attempts.map((a) => a.status)).toEqual(["failed", "failed", "failed", "failed"]);
      expect(dead.nextAttemptAt).toBeNull();
      const ep = await db.endpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      expect(ep.failingSince).not.toBeNull();
      expect(ep.lastDeliveryStatus).toBe("dead_letter");
      expect(ep.isActive).toBe(true);

      healthy = true;
      const retried = await mgmt.post(`/deliveries/${deliveryId}/retry`);
      expect(retried.status()).toBe(200);
      const body = await retried.json();
      expect(body).toMatchObject({ id: deliveryId, endpointId: endpoint.id, status: "pending", totalAttempts: 4, hasPayload: true, deliveredAt: null });
      const delivered = await waitForDelivery(deliveryId, (d) => d.status === "delivered");
      expect(delivered.totalAttempts).toBe(5);
      expect(delivered.attempts[4]).toMatchObject({ attemptNumber: 5, status: "success", responseStatusCode: 204 });
      expect((await db.endpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).toBeNull();

      const again = await expectError(await mgmt.post(`/deliveries/${deliveryId}/retry`), 409, "conflict");
      expect(again.message).toMatch(/delivered/);
      await expectError(await mgmt.post("/deliveries/del_does_not_exist_anywhere/retry"), 404, "not_found");
      const audit = await db.auditLog.findFirst({ where: { workspaceId: ws.workspaceId, action: "delivery.retried", resourceId: deliveryId } });
      expect(audit).not.toBeNull();
    } finally {
      await receiver.close();
    }
  });

  test("a manual retry of another workspace's delivery is 404", async ({ request, ws, mgmt }) => {
    const other = await newWorkspace();
    const endpoint = await createEndpoint(other, { url: "http://127.0.0.1:1/" });
    const { deliveryId } = await (await ingestClient(request, other.ingestionKey).send(endpoint.id, { payload: {} })).json();
    await waitForDelivery(deliveryId, (d) => d.status === "dead_letter");
    await expectError(await mgmt.post(`/deliveries/${deliveryId}/retry`), 404, "not_found");
    expect(ws.workspaceId).not.toBe(other.workspaceId);
  });

  test("410 Gone disables the endpoint (audited) and stops retrying", async ({ request, ws, mgmt }) => {
    const receiver = await startReceiver((_req, res) => {
      res.statusCode = 410;
      res.end("gone");
    });
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      const { deliveryId } = await (await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: {} })).json();
      const failed = await waitForDelivery(deliveryId, (d) => d.status === "failed");
      expect(failed.totalAttempts).toBe(1);
      expect(failed.attempts[0]).toMatchObject({ status: "failed", responseStatusCode: 410 });
      const ep = await db.endpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      expect(ep).toMatchObject({ isActive: false, disabledReason: "gone" });
      const audit = await db.auditLog.findFirstOrThrow({ where: { workspaceId: ws.workspaceId, action: "endpoint.disabled", resourceId: endpoint.id } });
      expect(audit.actorType).toBe("system");
      expect(audit.metadata).toMatchObject({ reason: "gone" });

      // A retry while the endpoint is disabled is refused: the attempt could only be recorded as not sent.
      const refused = await expectError(await mgmt.post(`/deliveries/${deliveryId}/retry`), 409, "conflict");
      expect(refused.message).toMatch(/disabled/);
      expect(await findDelivery(deliveryId)).toMatchObject({ status: "failed", totalAttempts: 1 });
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  test("an attempt not sent (endpoint paused) leaves the receiver's record alone: status code, health, statistics", async ({ request, ws, mgmt }) => {
    // The first event's four attempts get 500s (dead letter); then the receiver recovers.
    const receiver = await startReceiver((_req, res, index) => {
      res.statusCode = index < 4 ? 500 : 200;
      res.end();
    });
    try {
      const created = await (await mgmt.post("/endpoints", { url: receiver.url })).json();
      const ingest = ingestClient(request, ws.ingestionKey);
      const first = (await (await ingest.send(created.id, { payload: { n: 1 } })).json()).deliveryId;
      await waitForDelivery(first, (d) => d.status === "dead_letter");
      const second = (await (await ingest.send(created.id, { payload: { n: 2 } })).json()).deliveryId;
      await waitForDelivery(second, (d) => d.status === "delivered");
      const healthy = { lastDeliveryStatus: "delivered", failingSince: null, consecutiveFailures: 0 };
      expect(await db.endpoint.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject(healthy);

      // Paused while a retry of the first event was queued (set up in the row: a retry by hand
      // is refused once the endpoint is paused).
      expect((await mgmt.patch(`/endpoints/${created.id}`, { isActive: false })).status()).toBe(200);
      await db.delivery.update({ where: { id: first }, data: { status: "scheduled_retry", nextAttemptAt: new Date() } });
      const after = await waitForDelivery(first, (d) => d.status === "failed" && d.totalAttempts === 5);
      expect(after.attempts[4]).toMatchObject({ status: "failed", responseStatusCode: null, errorMessage: expect.stringMatching(/disabled/) });
      // Nothing reached the receiver, so nothing about it changed: the delivery's last answer is
      // still the 500 (the 5xx filter still finds it), the endpoint is not failing again, and
      // the activity statistics count the five real attempts.
      expect(after).toMatchObject({ lastStatusCode: 500, lastStatusClass: 5 });
      expect(await db.endpoint.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject(healthy);
      const stats = await db.deliveryStatsHourly.aggregate({ where: { endpointId: created.id }, _sum: { attempts: true, succeeded: true } });
      expect(stats._sum).toEqual({ attempts: 5, succeeded: 1 });
      expect(receiver.requests).toHaveLength(5);
    } finally {
      await receiver.close();
    }
  });

  test("Retry-After on 429 is honoured", async ({ request, ws }) => {
    const receiver = await startReceiver((_req, res, index) => {
      if (index === 0) {
        res.writeHead(429, { "retry-after": "3" });
        res.end("slow down");
      } else res.end("ok");
    });
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      const { deliveryId } = await (await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: {} })).json();
      const scheduled = await waitForDelivery(deliveryId, (d) => d.status === "scheduled_retry" || d.status === "delivered");
      if (scheduled.status === "scheduled_retry") expect(scheduled.nextAttemptAt!.getTime() - scheduled.attempts[0].createdAt.getTime()).toBeGreaterThanOrEqual(2_900);
      const delivered = await waitForDelivery(deliveryId, (d) => d.status === "delivered");
      expect(delivered.attempts[0]).toMatchObject({ responseStatusCode: 429 });
      expect((delivered.attempts[0].responseHeaders as Record<string, string>)["retry-after"]).toBe("3");
      expect(receiver.requests[1].at - receiver.requests[0].at).toBeGreaterThanOrEqual(2_900);
    } finally {
      await receiver.close();
    }
  });

  test("redirects are not followed: a 3xx is a failed attempt", async ({ request, ws }) => {
    const receiver = await startReceiver((req, res) => {
      res.writeHead(302, { location: `/elsewhere` });
      res.end();
    });
    try {
      const endpoint = await createEndpoint(ws, { url: `${receiver.url}/hook` });
      const { deliveryId } = await (await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: {} })).json();
      const d = await waitForDelivery(deliveryId, (x) => x.attempts.length >= 1);
      expect(d.attempts[0]).toMatchObject({ status: "failed", responseStatusCode: 302, errorMessage: expect.stringMatching(/redirect/i) });
      expect(d.status).not.toBe("delivered");
      expect(receiver.requests.every((r) => r.path === "/hook")).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  test("an attempt that exceeds the timeout fails with a clear message", async ({ request, ws }) => {
    const receiver = await startReceiver(() => {
      /* never answers */
    });
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      const { deliveryId } = await (await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: {} })).json();
      const d = await waitForDelivery(deliveryId, (x) => x.attempts.length >= 1);
      expect(d.attempts[0]).toMatchObject({ status: "failed", responseStatusCode: null, errorMessage: "Timed out after 3000 ms" });
      expect(d.attempts[0].responseTimeMs).toBeGreaterThanOrEqual(2_900);
    } finally {
      await receiver.close();
    }
  });

  test("only the first 16 KiB of a response is read, however large it is", async ({ request, ws }) => {
    let bytesSent = 0;
    const receiver = await startReceiver((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain", "x-receiver": "endless" });
      const chunk = Buffer.alloc(64 * 1024, "a");
      // Endless body (bounded for safety at 256 MiB): only the client hanging up stops it.
      const pump = () => {
        while (bytesSent < 256 * 1024 * 1024 && !res.destroyed) {
          bytesSent += chunk.length;
          if (!res.write(chunk)) return res.once("drain", pump);
        }
        res.end();
      };
      pump();
    });
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      const { deliveryId } = await (await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: {} })).json();
      const d = await waitForDelivery(deliveryId, (x) => x.status === "delivered");
      expect(d.attempts[0].responseBody).toHaveLength(16 * 1024);
      expect(d.attempts[0].responseTimeMs).toBeLessThan(3_000);
      expect(d.attempts[0].responseHeaders).toMatchObject({ "content-type": "text/plain", "x-receiver": "endless" });
      expect(bytesSent).toBeLessThan(256 * 1024 * 1024);
    } finally {
      await receiver.close();
    }
  });

  test("an endpoint failing for the configured period (5 days) is disabled", async ({ request, ws }) => {
    const receiver = await startReceiver((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      await db.endpoint.update({ where: { id: endpoint.id }, data: { failingSince: new Date(Date.now() - 6 * 86_400_000) } });
      const { deliveryId } = await (await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: {} })).json();
      const d = await waitForDelivery(deliveryId, (x) => x.status === "failed");
      expect(d.totalAttempts).toBe(1);
      expect(await db.endpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ isActive: false, disabledReason: "failing" });
      const audit = await db.auditLog.findFirstOrThrow({ where: { workspaceId: ws.workspaceId, action: "endpoint.disabled", resourceId: endpoint.id } });
      expect(audit.metadata).toMatchObject({ reason: "failing" });
    } finally {
      await receiver.close();
    }
  });

  test("a refused connection is a failed attempt with a clear message", async ({ request, ws }) => {
    const endpoint = await createEndpoint(ws, { url: "http://127.0.0.1:1/" });
    const { deliveryId } = await (await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: {} })).json();
    const d = await waitForDelivery(deliveryId, (x) => x.attempts.length >= 1);
    expect(d.attempts[0]).toMatchObject({ status: "failed", responseStatusCode: null, errorMessage: "Connection refused by 127.0.0.1:1" });
  });
});
