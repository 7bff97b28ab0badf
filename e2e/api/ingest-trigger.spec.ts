import { Webhook } from "standardwebhooks";
import { db, expect, expectError, newWorkspace, test } from "../support/fixtures";
import { createEndpoint, createEnvironment, createEventType, ingestClient, startReceiver, subscribe, waitForDelivery } from "../support/delivery";

test.describe("ingestion: trigger (POST /api/ingest/event/{eventType})", () => {
  test("fans out to every active subscribed endpoint of the key's environment", async ({ request, ws }) => {
    const receiver = await startReceiver();
    try {
      const type = await createEventType(ws, "order.created");
      const subscribed: Awaited<ReturnType<typeof createEndpoint>>[] = [];
      for (let i = 0; i < 3; i++) {
        const ep = await createEndpoint(ws, { url: `${receiver.url}/sub${i}` });
        await subscribe(ep.id, type.id);
        subscribed.push(ep);
      }
      await createEndpoint(ws, { url: `${receiver.url}/unsubscribed` });
      const disabled = await createEndpoint(ws, { url: `${receiver.url}/disabled`, isActive: false });
      await subscribe(disabled.id, type.id);
      const staging = await createEnvironment(ws);
      const stagingEp = await createEndpoint(ws, { url: `${receiver.url}/staging`, environmentId: staging.environmentId });
      await subscribe(stagingEp.id, type.id);
      const other = await newWorkspace();
      const otherType = await createEventType(other, "order.created");
      await subscribe((await createEndpoint(other, { url: `${receiver.url}/foreign` })).id, otherType.id);

      const payload = { order: 1 };
      const res = await ingestClient(request, ws.ingestionKey).trigger("order.created", { payload, metadata: { source: "test" } });
      expect(res.status()).toBe(202);
      const body = await res.json();
      expect(body.eventTypeId).toBe(type.id);
      expect(body.eventTypeId).toMatch(/^evt_/);
      expect(body.status).toBe("accepted");
      expect(body.deliveryIds).toHaveLength(3);
      for (const id of body.deliveryIds) expect(id).toMatch(/^del_/);

      await receiver.waitForRequests(3);
      await Promise.all(body.deliveryIds.map((id: string) => waitForDelivery(id, (d) => d.status === "delivered")));
      expect(receiver.requests.map((r) => r.path).sort()).toEqual(["/sub0", "/sub1", "/sub2"]);
      // One message: the same webhook-id everywhere, each signed with its endpoint's secret.
      const ids = new Set(receiver.requests.map((r) => r.headers["webhook-id"]));
      expect(ids.size).toBe(1);
      for (const got of receiver.requests) {
        const ep = subscribed.find((e) => got.path === new URL(e.url).pathname)!;
        expect(new Webhook(ep.secret).verify(got.body, got.headers as Record<string, string>)).toEqual(payload);
        expect(() => new Webhook(subscribed.find((e) => e !== ep)!.secret).verify(got.body, got.headers as Record<string, string>)).toThrow();
      }
      const message = await db.message.findFirstOrThrow({ where: { workspaceId: ws.workspaceId } });
      expect(message).toMatchObject({ eventTypeId: type.id, eventType: "order.created", environmentId: ws.environmentId });

      // The staging key reaches only staging's subscriber.
      const fromStaging = await (await ingestClient(request, staging.ingestionKey).trigger("order.created", { payload })).json();
      expect(fromStaging.deliveryIds).toHaveLength(1);
      expect((await db.delivery.findUniqueOrThrow({ where: { id: fromStaging.deliveryIds[0] } })).endpointId).toBe(stagingEp.id);
    } finally {
      await receiver.close();
    }
  });

  test("no subscriber → 202 with no delivery; unknown type → 404; malformed name → 400", async ({ request, ws }) => {
    await createEventType(ws, "event.type.nobody.subscribed.to");
    const ingest = ingestClient(request, ws.ingestionKey);
    const res = await ingest.trigger("event.type.nobody.subscribed.to", { payload: { a: 1 } });
    expect(res.status()).toBe(202);
    expect(await res.json()).toMatchObject({ eventTypeId: expect.stringMatching(/^evt_/), deliveryIds: [], status: "accepted" });
    await expectError(await ingest.trigger("order.never.defined", { payload: {} }), 404, "not_found");
    await expectError(await ingest.trigger("INVALID NAME!!", { payload: {} }), 400, "validation_error");
    await expectError(await ingestClient(request, ws.ingestionKey, "/ingest").trigger("INVALID NAME!!", { payload: {} }), 400, "validation_error");
    await expectError(await ingest.trigger("event.type.nobody.subscribed.to", { payload: [1] }), 400, "validation_error");
    await expectError(await ingest.trigger("event.type.nobody.subscribed.to", { payload: {}, metadata: { a: 1 } }), 400, "validation_error");
    // Another workspace's type of the same name does not exist for this key.
    const other = await newWorkspace();
    await createEventType(other, "only.theirs");
    await expectError(await ingest.trigger("only.theirs", { payload: {} }), 404, "not_found");
  });

  test("a trigger with an idempotency key fans out once", async ({ request, ws }) => {
    const type = await createEventType(ws, "user.signed_up");
    for (let i = 0; i < 2; i++) await subscribe((await createEndpoint(ws, { url: "http://127.0.0.1:9/" })).id, type.id);
    const ingest = ingestClient(request, ws.ingestionKey);
    const first = await (await ingest.trigger("user.signed_up", { payload: {}, idempotencyKey: "k" })).json();
    const again = await (await ingest.trigger("user.signed_up", { payload: {}, idempotencyKey: "k" })).json();
    expect(first.deliveryIds).toHaveLength(2);
    // The same ids in the same order: a client may pair them with its subscribers by position.
    expect(again.deliveryIds).toEqual(first.deliveryIds);
    expect(await db.message.count({ where: { workspaceId: ws.workspaceId } })).toBe(1);
  });

  test("a key names one event: reused for another event type or a direct send, it is a 409 that writes nothing", async ({ request, ws }) => {
    const created = await createEventType(ws, "order.created");
    const paid = await createEventType(ws, "order.paid");
    const shared = await createEndpoint(ws, { url: "http://127.0.0.1:9/" });
    const direct = await createEndpoint(ws, { url: "http://127.0.0.1:9/" });
    for (const type of [created, paid]) {
      await subscribe(shared.id, type.id);
      await subscribe(direct.id, type.id);
    }
    const ingest = ingestClient(request, ws.ingestionKey);
    expect((await ingest.trigger("order.created", { payload: { n: 1 }, idempotencyKey: "order_42" })).status()).toBe(202);
    const otherType = await expectError(await ingest.trigger("order.paid", { payload: { n: 2 }, idempotencyKey: "order_42" }), 409, "conflict");
    expect(otherType.message).toBe("idempotencyKey: already used on this endpoint for a different event (a trigger of order.created); use a new key for a new event");
    const sendAfterTrigger = await expectError(await ingest.send(shared.id, { payload: {}, idempotencyKey: "order_42" }), 409, "conflict");
    expect(sendAfterTrigger.message).toContain("(a trigger of order.created)");
    // A direct send first, then a trigger with its key: the trigger is not answered with the send.
    expect((await ingest.send(direct.id, { payload: {}, idempotencyKey: "order_43" })).status()).toBe(202);
    const triggerAfterSend = await expectError(await ingest.trigger("order.paid", { payload: {}, idempotencyKey: "order_43" }), 409, "conflict");
    expect(triggerAfterSend.message).toContain("(a direct send)");
    // Batches say it per item.
    const batch = await (await ingest.triggerBatch({ items: [{ eventType: "order.paid", payload: {}, idempotencyKey: "order_42" }, { eventType: "order.paid", payload: {}, idempotencyKey: "order_44" }] })).json();
    expect(batch.items[0].error.code).toBe("conflict");
    expect(batch.items[1].deliveryIds).toHaveLength(2);
    expect(await db.message.count({ where: { workspaceId: ws.workspaceId } })).toBe(3);
    expect(await db.delivery.count({ where: { workspaceId: ws.workspaceId } })).toBe(5);
  });

  test("a trigger retried after a new subscriber was added answers with its first fan-out and writes nothing new", async ({ request, ws }) => {
    const type = await createEventType(ws, "user.upgraded");
    for (let i = 0; i < 2; i++) await subscribe((await createEndpoint(ws, { url: "http://127.0.0.1:9/" })).id, type.id);
    const ingest = ingestClient(request, ws.ingestionKey);
    const first = await (await ingest.trigger("user.upgraded", { payload: {}, idempotencyKey: "retried" })).json();
    // The retry's fan-out has a target whose (endpoint, key) pair is new next to two that exist:
    // the statement writes none of it (its deliveries would lack their message), and the
    // request still answers with the first fan-out.
    const late = await createEndpoint(ws, { url: "http://127.0.0.1:9/" });
    await subscribe(late.id, type.id);
    const again = await ingest.trigger("user.upgraded", { payload: {}, idempotencyKey: "retried" });
    expect(again.status()).toBe(202);
    expect([...(await again.json()).deliveryIds].sort()).toEqual([...first.deliveryIds].sort());
    expect(await db.message.count({ where: { workspaceId: ws.workspaceId } })).toBe(1);
    expect(await db.delivery.count({ where: { workspaceId: ws.workspaceId } })).toBe(2);
    // A new key reaches all three.
    const fresh = await (await ingest.trigger("user.upgraded", { payload: {}, idempotencyKey: "fresh" })).json();
    expect(fresh.deliveryIds).toHaveLength(3);
  });
});

test.describe("ingestion: batches", () => {
  test("send batch: 202 when all accepted, 207 mixed or all failed, 400 for 0 or > 20 items", async ({ request, ws }) => {
    const receiver = await startReceiver();
    try {
      const a = await createEndpoint(ws, { url: receiver.url });
      const b = await createEndpoint(ws, { url: receiver.url });
      const ingest = ingestClient(request, ws.ingestionKey);

      const ok = await ingest.sendBatch({ items: [{ endpointId: a.id, payload: { i: 0 } }, { endpointId: b.id, payload: { i: 1 }, idempotencyKey: "b-1" }] });
      expect(ok.status()).toBe(202);
      const okBody = await ok.json();
      expect(okBody.items).toEqual([
        { index: 0, deliveryId: expect.stringMatching(/^del_/), idempotencyKey: expect.any(String), status: "accepted" },
        { index: 1, deliveryId: expect.stringMatching(/^del_/), idempotencyKey: "b-1", status: "accepted" },
      ]);
      await receiver.waitForRequests(2);

      const mixed = await ingest.sendBatch({
        items: [
          { endpointId: a.id, payload: { i: 2 } },
          { endpointId: "ep_nonexistent_endpoint_id_000", payload: {} },
          { endpointId: b.id, payload: [1] },
          "not an object",
          { endpointId: b.id, payload: { i: 1 }, idempotencyKey: "b-1" },
        ],
      });
      expect(mixed.status()).toBe(207);
      const items = (await mixed.json()).items;
      expect(items.map((i: { index: number }) => i.index)).toEqual([0, 1, 2, 3, 4]);
      expect(items[0]).toMatchObject({ status: "accepted", deliveryId: expect.stringMatching(/^del_/) });
      expect(items[1]).toEqual({ index: 1, error: { code: "not_found", message: expect.any(String) } });
      expect(items[2].error.code).toBe("validation_error");
      expect(items[3].error.code).toBe("validation_error");
      expect(items[4]).toMatchObject({ status: "accepted", deliveryId: okBody.items[1].deliveryId });

      const allFailed = await ingest.sendBatch({ items: [{ endpointId: "ep_missing", payload: {} }] });
      expect(allFailed.status()).toBe(207);
      expect((await allFailed.json()).items[0].error.code).toBe("not_found");

      await expectError(await ingest.sendBatch({ items: [] }), 400, "validation_error");
      await expectError(await ingest.sendBatch({ items: Array.from({ length: 21 }, () => ({ endpointId: a.id, payload: {} })) }), 400, "validation_error");
      await expectError(await ingest.sendBatch({}), 400, "validation_error");
      await expectError(await ingest.sendBatch({ items: {} }), 400, "validation_error");
      // 20 is allowed; the CLI prefix serves batches too.
      const twenty = await ingestClient(request, ws.ingestionKey, "/ingest").sendBatch({ items: Array.from({ length: 20 }, (_, i) => ({ endpointId: a.id, payload: { i } })) });
      expect(twenty.status()).toBe(202);
      expect((await twenty.json()).items).toHaveLength(20);
      expect(await db.delivery.count({ where: { workspaceId: ws.workspaceId } })).toBe(23);
    } finally {
      await receiver.close();
    }
  });

  test("a batch is written in one statement: repeated keys (earlier or within the batch) and a disabled endpoint fail no other item", async ({ request, ws }) => {
    const receiver = await startReceiver();
    try {
      const a = await createEndpoint(ws, { url: receiver.url });
      const off = await createEndpoint(ws, { url: receiver.url, isActive: false });
      const created = await createEventType(ws, "invoice.paid");
      await subscribe(a.id, created.id);
      const ingest = ingestClient(request, ws.ingestionKey);
      const earlier = await (await ingest.send(a.id, { payload: { n: 0 }, idempotencyKey: "earlier" })).json();

      const res = await ingest.sendBatch({
        items: [
          { endpointId: a.id, payload: { n: 1 }, idempotencyKey: "earlier" },
          { endpointId: a.id, payload: { n: 2 }, idempotencyKey: "twice" },
          { endpointId: a.id, payload: { n: 3 }, idempotencyKey: "twice" },
          { endpointId: off.id, payload: { n: 4 } },
          { endpointId: a.id, payload: { n: 5 } },
        ],
      });
      expect(res.status()).toBe(207);
      const items = (await res.json()).items;
      expect(items[0]).toEqual({ index: 0, ...earlier });
      expect(items[1]).toMatchObject({ status: "accepted", idempotencyKey: "twice", deliveryId: expect.stringMatching(/^del_/) });
      expect(items[2]).toEqual({ ...items[1], index: 2 });
      expect(items[3]).toEqual({ index: 3, error: { code: "conflict", message: expect.any(String) } });
      expect(items[4]).toMatchObject({ status: "accepted", deliveryId: expect.stringMatching(/^del_/) });
      // earlier + twice + the last item: one message and one delivery each.
      expect(await db.delivery.count({ where: { workspaceId: ws.workspaceId } })).toBe(3);
      expect(await db.message.count({ where: { workspaceId: ws.workspaceId } })).toBe(3);

      const triggers = await ingest.triggerBatch({
        items: [
          { eventType: "invoice.paid", payload: { t: 1 }, idempotencyKey: "t-1" },
          { eventType: "invoice.paid", payload: { t: 2 }, idempotencyKey: "t-1" },
          { eventType: "invoice.unknown", payload: {} },
          { eventType: "invoice.paid", payload: { t: 3 } },
        ],
      });
      expect(triggers.status()).toBe(207);
      const t = (await triggers.json()).items;
      expect(t[0]).toMatchObject({ status: "accepted", deliveryIds: [expect.stringMatching(/^del_/)] });
      expect(t[1]).toEqual({ ...t[0], index: 1 });
      expect(t[2].error.code).toBe("not_found");
      expect(t[3].deliveryIds).toHaveLength(1);
      expect(t[3].deliveryIds[0]).not.toBe(t[0].deliveryIds[0]);
      expect(await db.delivery.count({ where: { workspaceId: ws.workspaceId } })).toBe(5);
      await receiver.waitForRequests(5);
    } finally {
      await receiver.close();
    }
  });

  test("trigger batch: per-item fan-out and errors; `batch` is never taken for an id", async ({ request, ws }) => {
    const receiver = await startReceiver();
    try {
      const created = await createEventType(ws, "order.created");
      await createEventType(ws, "order.quiet");
      const ep = await createEndpoint(ws, { url: receiver.url });
      await subscribe(ep.id, created.id);
      const ingest = ingestClient(request, ws.ingestionKey);
      const ok = await ingest.triggerBatch({ items: [{ eventType: "order.created", payload: { n: 1 } }, { eventType: "order.quiet", payload: { n: 2 }, metadata: { k: "v" } }] });
      expect(ok.status()).toBe(202);
      const body = await ok.json();
      expect(body.items[0]).toEqual({ index: 0, eventTypeId: created.id, deliveryIds: [expect.stringMatching(/^del_/)], status: "accepted" });
      expect(body.items[1]).toMatchObject({ index: 1, eventTypeId: expect.stringMatching(/^evt_/), deliveryIds: [], status: "accepted" });

      const mixed = await ingest.triggerBatch({ items: [{ eventType: "order.created", payload: {} }, { eventType: "INVALID NAME!!", payload: {} }, { eventType: "no.such.type", payload: {} }] });
      expect(mixed.status()).toBe(207);
      const items = (await mixed.json()).items;
      expect(items[0].status).toBe("accepted");
      expect(items[1].error.code).toBe("validation_error");
      expect(items[2].error.code).toBe("not_found");
      await expectError(await ingest.triggerBatch({ items: [] }), 400, "validation_error");
      await expectError(await ingest.triggerBatch({ items: Array.from({ length: 21 }, () => ({ eventType: "order.created", payload: {} })) }), 400, "validation_error");
      await receiver.waitForRequests(2);
    } finally {
      await receiver.close();
    }
  });
});
