import { db, expect, expectError, managementClient, newWorkspace, test } from "../support/fixtures";

test.describe("event types (T1–T5)", () => {
  test("create, list, get, update, delete", async ({ ws, mgmt }) => {
    const res = await mgmt.post("/event-types", { name: "order.created", description: "An order was placed" });
    expect(res.status()).toBe(201);
    const type = await res.json();
    expect(type).toMatchObject({ name: "order.created", description: "An order was placed", subscriberCount: 0 });
    expect(type.id).toMatch(/^evt_/);
    const visibility = await db.eventTypeVisibility.findMany({ where: { eventTypeId: type.id }, include: { environment: true } });
    expect(visibility).toEqual([expect.objectContaining({ published: true, environmentId: ws.environmentId })]);

    await mgmt.post("/event-types", { name: "invoice.paid" });
    const names = (await (await mgmt.get("/event-types")).json()).map((t: { name: string }) => t.name);
    expect(names).toEqual(["invoice.paid", "order.created"]);

    expect(await (await mgmt.patch(`/event-types/${type.id}`, { description: "changed" })).json()).toMatchObject({ description: "changed" });
    expect((await mgmt.delete(`/event-types/${type.id}`)).status()).toBe(204);
    await expectError(await mgmt.get(`/event-types/${type.id}`), 404, "not_found");
  });

  test("names are validated and unique", async ({ mgmt }) => {
    for (const name of ["INVALID NAME!!", "", "a..b", ".a", "a.", "x".repeat(129), "drop table;"]) {
      expect((await expectError(await mgmt.post("/event-types", { name }), 400, "validation_error")).message).toContain("name");
    }
    expect((await mgmt.post("/event-types", { name: "user.signed_up" })).status()).toBe(201);
    await expectError(await mgmt.post("/event-types", { name: "user.signed_up" }), 409, "conflict");
  });
});

test.describe("subscriptions (S1–S3)", () => {
  test("subscribe in bulk, list, unsubscribe", async ({ mgmt }) => {
    const ep = await (await mgmt.post("/endpoints", { url: "https://example.com/h" })).json();
    const a = await (await mgmt.post("/event-types", { name: "a.happened" })).json();
    const b = await (await mgmt.post("/event-types", { name: "b.happened" })).json();

    const first = await mgmt.post(`/endpoints/${ep.id}/subscriptions`, { eventTypeIds: [a.id] });
    expect(first.status()).toBe(201);
    expect(await first.json()).toEqual({ subscribed: 1 });
    // The stale singular form is accepted too; already-subscribed ids are not counted again.
    expect(await (await mgmt.post(`/endpoints/${ep.id}/subscriptions`, { eventTypeId: b.id })).json()).toEqual({ subscribed: 1 });
    const again = await mgmt.post(`/endpoints/${ep.id}/subscriptions`, { eventTypeIds: [a.id, b.id] });
    expect(again.status()).toBe(200);
    expect(await again.json()).toEqual({ subscribed: 0 });

    const subs = await (await mgmt.get(`/endpoints/${ep.id}/subscriptions`)).json();
    expect(subs.map((s: { eventTypeName: string }) => s.eventTypeName)).toEqual(["a.happened", "b.happened"]);
    expect(subs[0]).toMatchObject({ endpointId: ep.id, eventTypeId: a.id });
    expect(subs[0].id).toMatch(/^sub_/);
    expect((await (await mgmt.get(`/event-types/${a.id}`)).json()).subscriberCount).toBe(1);

    const del = await mgmt.delete(`/endpoints/${ep.id}/subscriptions/${a.id}`);
    expect(del.status()).toBe(204);
    await expectError(await mgmt.delete(`/endpoints/${ep.id}/subscriptions/${a.id}`), 404, "not_found");
    expect(await (await mgmt.get(`/endpoints/${ep.id}/subscriptions`)).json()).toHaveLength(1);
  });

  test("unknown or foreign event types reject the whole request", async ({ request, mgmt }) => {
    const ep = await (await mgmt.post("/endpoints", { url: "https://example.com/h" })).json();
    const mine = await (await mgmt.post("/event-types", { name: "mine.created" })).json();
    const other = managementClient(request, await newWorkspace());
    const theirs = await (await other.post("/event-types", { name: "theirs.created" })).json();
    await expectError(await mgmt.post(`/endpoints/${ep.id}/subscriptions`, { eventTypeIds: [mine.id, theirs.id] }), 404, "not_found");
    await expectError(await mgmt.post(`/endpoints/${ep.id}/subscriptions`, { eventTypeIds: [mine.id, "evt_nope"] }), 404, "not_found");
    expect(await db.subscription.count({ where: { endpointId: ep.id } })).toBe(0);
    await expectError(await mgmt.post(`/endpoints/${ep.id}/subscriptions`, { eventTypeIds: [] }), 400, "validation_error");
    await expectError(await mgmt.post(`/endpoints/${ep.id}/subscriptions`, {}), 400, "validation_error");
    await expectError(await mgmt.get(`/endpoints/ep_nope/subscriptions`), 404, "not_found");
  });

  test("deleting an event type removes its subscriptions", async ({ mgmt }) => {
    const ep = await (await mgmt.post("/endpoints", { url: "https://example.com/h" })).json();
    const t = await (await mgmt.post("/event-types", { name: "gone.soon" })).json();
    await mgmt.post(`/endpoints/${ep.id}/subscriptions`, { eventTypeIds: [t.id] });
    await mgmt.delete(`/event-types/${t.id}`);
    expect(await (await mgmt.get(`/endpoints/${ep.id}/subscriptions`)).json()).toEqual([]);
  });
});
