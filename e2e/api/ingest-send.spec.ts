import { Webhook } from "standardwebhooks";
import { db, expect, expectError, test } from "../support/fixtures";
import { createEndpoint, createEnvironment, ingestClient, startReceiver, waitForDelivery, waitUntil } from "../support/delivery";
import { newWorkspace } from "../support/fixtures";

test.describe("ingestion: send (POST /api/ingest/{endpointId})", () => {
  test("accepts, answers 202 and delivers the payload exactly, signed", async ({ request, ws }) => {
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(ws, { url: `${receiver.url}/hooks?x=1` });
      const payload = { order_id: "ord_123", amount: 49.99, nested: { list: [1, "two", null], café: "€" } };
      const res = await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload, idempotencyKey: "key-1" });
      expect(res.status()).toBe(202);
      const body = await res.json();
      expect(body).toEqual({ deliveryId: expect.stringMatching(/^del_/), idempotencyKey: "key-1", status: "accepted" });

      const [got] = await receiver.waitForRequests(1);
      expect(got.method).toBe("POST");
      expect(got.path).toBe("/hooks?x=1");
      expect(got.body).toBe(JSON.stringify(payload));
      expect(got.headers["content-type"]).toBe("application/json");
      expect(got.headers["user-agent"]).toMatch(/^Nahook-Webhooks\/\d+\.\d+\.\d+/);
      expect(got.headers["webhook-id"]).toMatch(/^msg_/);
      expect(got.headers["webhook-timestamp"]).toMatch(/^\d+$/);
      expect(Math.abs(Number(got.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
      expect(got.headers.authorization).toBeUndefined();
      const verified = new Webhook(endpoint.secret).verify(got.body, got.headers as Record<string, string>);
      expect(verified).toEqual(payload);

      const delivery = await waitForDelivery(body.deliveryId, (d) => d.status === "delivered");
      expect(delivery).toMatchObject({ endpointId: endpoint.id, idempotencyKey: "key-1", totalAttempts: 1, messageId: got.headers["webhook-id"] });
      expect(delivery.deliveredAt).not.toBeNull();
      expect(delivery.firstAttemptAt).not.toBeNull();
      expect(delivery.nextAttemptAt).toBeNull();
      expect(delivery.message?.payload).toBe(JSON.stringify(payload));
      expect(delivery.attempts).toHaveLength(1);
      expect(delivery.attempts[0]).toMatchObject({ attemptNumber: 1, status: "success", responseStatusCode: 200, responseBody: "ok", errorMessage: null });
      expect(delivery.attempts[0].responseTimeMs).toBeGreaterThanOrEqual(0);

      const after = await db.endpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      expect(after.lastDeliveryStatus).toBe("delivered");
      expect(after.lastDeliveryAt).not.toBeNull();
    } finally {
      await receiver.close();
    }
  });

  test("without an idempotency key one is generated; /ingest (CLI form) works too", async ({ request, ws }) => {
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      // A NUL inside a JSON string is fine: the payload is stored and sent as JSON text. So is a
      // key named "__proto__" (an own property after JSON.parse), which reaches the receiver as sent.
      const payload = JSON.parse('{"a":1,"text":"nul\\u0000here","__proto__":{"x":1},"y":[{"__proto__":2}]}') as Record<string, unknown>;
      expect(Object.keys(payload)).toEqual(["a", "text", "__proto__", "y"]);
      const res = await ingestClient(request, ws.ingestionKey, "/ingest").send(endpoint.id, { payload });
      expect(res.status()).toBe(202);
      const body = await res.json();
      expect(body.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.deliveryId).toMatch(/^del_/);
      const [got] = await receiver.waitForRequests(1);
      expect(got.body).toBe(JSON.stringify(payload));
    } finally {
      await receiver.close();
    }
  });

  test("idempotency: the same key on the same endpoint returns the same delivery and writes nothing", async ({ request, ws }) => {
    const receiver = await startReceiver();
    try {
      const a = await createEndpoint(ws, { url: receiver.url });
      const b = await createEndpoint(ws, { url: receiver.url });
      const ingest = ingestClient(request, ws.ingestionKey);
      const first = await (await ingest.send(a.id, { payload: { n: 1 }, idempotencyKey: "same" })).json();
      const again = await ingest.send(a.id, { payload: { n: 2 }, idempotencyKey: "same" });
      expect(again.status()).toBe(202);
      expect(await again.json()).toEqual(first);
      // Concurrent repeats race on the unique index; every answer is still the first delivery.
      const racing = await Promise.all([1, 2, 3, 4].map(() => ingest.send(a.id, { payload: { n: 3 }, idempotencyKey: "same" }).then((r) => r.json())));
      for (const r of racing) expect(r.deliveryId).toBe(first.deliveryId);

      const other = await (await ingest.send(a.id, { payload: { n: 1 }, idempotencyKey: "different" })).json();
      expect(other.deliveryId).not.toBe(first.deliveryId);
      // Scope is the endpoint: the same key elsewhere is a new delivery.
      const onB = await (await ingest.send(b.id, { payload: { n: 1 }, idempotencyKey: "same" })).json();
      expect(onB.deliveryId).not.toBe(first.deliveryId);

      expect(await db.delivery.count({ where: { workspaceId: ws.workspaceId } })).toBe(3);
      expect(await db.message.count({ where: { workspaceId: ws.workspaceId } })).toBe(3);
      await receiver.waitForRequests(3);
      await new Promise((r) => setTimeout(r, 300));
      expect(receiver.requests).toHaveLength(3);
      expect(receiver.requests.find((r) => r.body === JSON.stringify({ n: 2 }))).toBeUndefined();
    } finally {
      await receiver.close();
    }
  });

  test("the endpoint must be in the key's workspace and environment", async ({ request, ws }) => {
    const staging = await createEnvironment(ws);
    const stagingEndpoint = await createEndpoint(ws, { url: "http://127.0.0.1:9/", environmentId: staging.environmentId });
    const other = await newWorkspace();
    const foreign = await createEndpoint(other, { url: "http://127.0.0.1:9/" });
    const ingest = ingestClient(request, ws.ingestionKey);
    await expectError(await ingest.send(stagingEndpoint.id, { payload: {} }), 404, "not_found");
    await expectError(await ingest.send(foreign.id, { payload: {} }), 404, "not_found");
    await expectError(await ingest.send("ep_nonexistent_endpoint_id_000", { payload: {} }), 404, "not_found");
    // The staging key reaches the staging endpoint only.
    const res = await ingestClient(request, staging.ingestionKey).send(stagingEndpoint.id, { payload: {} });
    expect(res.status()).toBe(202);
    expect(await db.message.count({ where: { workspaceId: ws.workspaceId } })).toBe(1);
  });

  test("a disabled endpoint is refused with 409 and nothing is written", async ({ request, ws }) => {
    const endpoint = await createEndpoint(ws, { url: "http://127.0.0.1:9/", isActive: false });
    const error = await expectError(await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: {} }), 409, "conflict");
    expect(error.message).toMatch(/disabled/);
    expect(await db.message.count({ where: { workspaceId: ws.workspaceId } })).toBe(0);
  });

  test("validation: payload must be a JSON object; size, JSON and id errors", async ({ request, ws }) => {
    const endpoint = await createEndpoint(ws, { url: "http://127.0.0.1:9/", isActive: false });
    const ingest = ingestClient(request, ws.ingestionKey);
    for (const payload of [[1, 2], "text", 42, true, null]) {
      const error = await expectError(await ingest.send(endpoint.id, { payload }), 400, "validation_error");
      expect(error.message).toContain("payload");
    }
    await expectError(await ingest.send(endpoint.id, {}), 400, "validation_error");
    await expectError(await ingest.send(endpoint.id, { payload: {}, idempotencyKey: 5 }), 400, "validation_error");
    await expectError(await ingest.send(endpoint.id, { payload: {}, idempotencyKey: "" }), 400, "validation_error");
    await expectError(await ingest.send(endpoint.id, { payload: {}, idempotencyKey: "a\u0000b" }), 400, "validation_error");
    // Stored as text, "k\ud800" would become "k\ufffd": two different keys would be one.
    const surrogate = await expectError(await ingest.send(endpoint.id, { payload: {}, idempotencyKey: "k\ud800" }), 400, "validation_error");
    expect(surrogate.message).toBe("idempotencyKey: must not contain unpaired UTF-16 surrogates");
    await expectError(await ingest.post(`/${endpoint.id}`, Buffer.from("{not json"), { "content-type": "application/json" }), 400, "bad_request");
    await expectError(await ingest.send(endpoint.id, { payload: { big: "x".repeat(300 * 1024) } }), 413, "payload_too_large");
    await expectError(await ingest.send("bad%20id!", { payload: {} }), 400, "validation_error");
    expect(await db.message.count({ where: { workspaceId: ws.workspaceId } })).toBe(0);
  });

  test("auth: missing, unknown, management token → 401; disabled key → 403 token_disabled", async ({ request, ws }) => {
    const endpoint = await createEndpoint(ws, { url: "http://127.0.0.1:9/", isActive: false });
    const path = `/api/ingest/${endpoint.id}`;
    await expectError(await request.post(path, { data: { payload: {} } }), 401, "unauthorized");
    await expectError(await request.post(path, { data: { payload: {} }, headers: { authorization: "Bearer nhk_us_unknown" } }), 401, "unauthorized");
    await expectError(await request.post(path, { data: { payload: {} }, headers: { authorization: `Bearer ${ws.managementToken}` } }), 401, "unauthorized");
    await expectError(await request.post(path, { data: { payload: {} }, headers: { authorization: "Basic abc" } }), 401, "unauthorized");
    await db.ingestionKey.updateMany({ where: { workspaceId: ws.workspaceId }, data: { disabledAt: new Date() } });
    await expectError(await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: {} }), 403, "token_disabled");
    await expectError(await ingestClient(request, ws.ingestionKey).trigger("order.created", { payload: {} }), 403, "token_disabled");
  });

  test("concurrent sends (group commit): each answered for its own rows; a repeat, a disabled or unknown endpoint fails no other", async ({ request, ws }) => {
    const receiver = await startReceiver();
    try {
      const live = await createEndpoint(ws, { url: receiver.url });
      const disabled = await createEndpoint(ws, { url: receiver.url, isActive: false });
      const ingest = ingestClient(request, ws.ingestionKey);
      const first = await (await ingest.send(live.id, { payload: { n: 0 }, idempotencyKey: "repeat" })).json();
      const calls = [
        ...Array.from({ length: 40 }, (_, i) => ({ kind: "new", run: () => ingest.send(live.id, { payload: { n: i + 1 }, idempotencyKey: `k-${i}` }) })),
        ...Array.from({ length: 6 }, () => ({ kind: "repeat", run: () => ingest.send(live.id, { payload: { n: -1 }, idempotencyKey: "repeat" }) })),
        ...Array.from({ length: 4 }, () => ({ kind: "fresh-twice", run: () => ingest.send(live.id, { payload: { n: -2 }, idempotencyKey: "fresh-twice" }) })),
        { kind: "disabled", run: () => ingest.send(disabled.id, { payload: {} }) },
        { kind: "unknown", run: () => ingest.send("ep_does_not_exist", { payload: {} }) },
      ];
      const answers = await Promise.all(calls.map(async (c) => ({ kind: c.kind, res: await c.run() })));
      const byKind = (kind: string) => answers.filter((a) => a.kind === kind);
      for (const { res } of byKind("new")) expect(res.status()).toBe(202);
      const newIds = await Promise.all(byKind("new").map(async ({ res }) => (await res.json()).deliveryId));
      expect(new Set(newIds).size).toBe(40);
      for (const { res } of byKind("repeat")) expect(await res.json()).toEqual(first);
      const twice = await Promise.all(byKind("fresh-twice").map(async ({ res }) => (expect(res.status()).toBe(202), (await res.json()).deliveryId)));
      expect(new Set(twice).size).toBe(1);
      await expectError(byKind("disabled")[0].res, 409, "conflict");
      await expectError(byKind("unknown")[0].res, 404, "not_found");
      // Exactly one row per accepted (endpoint, key): 1 first + 40 new + 1 fresh-twice.
      expect(await db.delivery.count({ where: { endpointId: live.id } })).toBe(42);
      expect(await db.message.count({ where: { workspaceId: ws.workspaceId } })).toBe(42);
      await waitUntil(async () => (await db.delivery.count({ where: { endpointId: live.id, status: "delivered" } })) === 42, 30_000, "every delivery");
    } finally {
      await receiver.close();
    }
  });

  test("a key disabled while in use is refused within moments (lookups are cached for at most a second)", async ({ request, ws }) => {
    const endpoint = await createEndpoint(ws, { url: "http://127.0.0.1:9/" });
    const ingest = ingestClient(request, ws.ingestionKey);
    expect((await ingest.send(endpoint.id, { payload: { n: 1 } })).status()).toBe(202);
    await db.ingestionKey.updateMany({ where: { workspaceId: ws.workspaceId }, data: { disabledAt: new Date() } });
    // Bounded poll, generous for a loaded machine: the cache's TTL is one second.
    let status = 0;
    await waitUntil(async () => (status = (await ingest.send(endpoint.id, { payload: { n: 2 } })).status()) === 403, 15_000, "the disabled key to be refused");
    await expectError(await ingest.send(endpoint.id, { payload: { n: 3 } }), 403, "token_disabled");
    expect(status).toBe(403);
  });
});
