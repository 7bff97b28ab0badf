import { db, expect, expectError, test } from "../support/fixtures";
import { createEndpoint, ingestClient, subscribe } from "../support/delivery";

const ORDER_SCHEMA = {
  type: "object",
  required: ["orderId", "items"],
  properties: {
    orderId: { type: "string", description: "Order identifier" },
    items: { type: "array", items: { type: "object", required: ["sku", "price"], properties: { sku: { type: "string" }, price: { type: "number", minimum: 0 } } } },
    status: { enum: ["new", "paid"] },
  },
};
const EXAMPLE = { orderId: "ord_1", items: [{ sku: "A-1", price: 9.5 }], status: "new" };

test.describe("event type schemas and payload validation (extension of T2/T4, T6/T7)", () => {
  test("schema and examples are stored, checked with Ajv and returned", async ({ mgmt }) => {
    const name = `order.schema${Math.random().toString(36).slice(2, 7)}`;
    const created = await mgmt.post("/event-types", { name, description: "An order", schema: ORDER_SCHEMA, examples: [EXAMPLE] });
    expect(created.status()).toBe(201);
    const type = await created.json();
    expect(type).toMatchObject({ name, schema: ORDER_SCHEMA, examples: [EXAMPLE] });
    expect((await (await mgmt.get(`/event-types/${type.id}`)).json()).schema).toEqual(ORDER_SCHEMA);
    // A type without them has null and [].
    const plain = await (await mgmt.post("/event-types", { name: `${name}.plain` })).json();
    expect(plain).toMatchObject({ schema: null, examples: [] });

    // An invalid schema is a 400 naming `schema`; nothing is written.
    const invalid = await expectError(await mgmt.post("/event-types", { name: `${name}.bad`, schema: { type: "objectx" } }), 400, "validation_error");
    expect(invalid.message).toMatch(/^schema: is not a valid JSON Schema/);
    const badRef = await expectError(await mgmt.post("/event-types", { name: `${name}.ref`, schema: { $ref: "https://elsewhere.example.com/schema.json" } }), 400, "validation_error");
    expect(badRef.message).toContain("schema");
    expect(await db.eventType.count({ where: { name: { in: [`${name}.bad`, `${name}.ref`] } } })).toBe(0);
    // Examples must match the schema, and be objects.
    const mismatch = await expectError(await mgmt.post("/event-types", { name: `${name}.ex`, schema: ORDER_SCHEMA, examples: [{ orderId: 1, items: [] }] }), 400, "validation_error");
    expect(mismatch.message).toBe("examples.0.orderId: must be string");
    await expectError(await mgmt.post("/event-types", { name: `${name}.ex2`, examples: ["text"] }), 400, "validation_error");
    await expectError(await mgmt.post("/event-types", { name: `${name}.ex3`, examples: new Array(6).fill({}) }), 400, "validation_error");
    await expectError(await mgmt.post("/event-types", { name: `${name}.s`, schema: "string" }), 400, "validation_error");

    // T4: fields left out are unchanged; examples are checked against the resulting schema.
    const described = await (await mgmt.patch(`/event-types/${type.id}`, { description: "Changed" })).json();
    expect(described).toMatchObject({ description: "Changed", schema: ORDER_SCHEMA, examples: [EXAMPLE] });
    const stricter = { ...ORDER_SCHEMA, required: ["orderId", "items", "customer"] };
    const refused = await expectError(await mgmt.patch(`/event-types/${type.id}`, { schema: stricter }), 400, "validation_error");
    expect(refused.message).toBe("examples.0.customer: is required");
    const both = await mgmt.patch(`/event-types/${type.id}`, { schema: stricter, examples: [{ ...EXAMPLE, customer: "c_1" }] });
    expect(both.status()).toBe(200);
    const removed = await (await mgmt.patch(`/event-types/${type.id}`, { schema: null })).json();
    expect(removed.schema).toBeNull();
    await expectError(await mgmt.patch(`/event-types/${type.id}`, {}), 400, "validation_error");
    await expectError(await mgmt.patch(`/event-types/${type.id}`, { schema: { type: 12 } }), 400, "validation_error");
  });

  test("a pattern that could backtrack catastrophically is refused where schemas are written", async ({ mgmt }) => {
    const name = `order.redos${Math.random().toString(36).slice(2, 7)}`;
    const hostile = { type: "object", properties: { name: { type: "string", pattern: "^(a+)+$" } } };
    const refused = await expectError(await mgmt.post("/event-types", { name, schema: hostile }), 400, "validation_error");
    expect(refused.message).toMatch(/^schema\.properties\.name\.pattern: can take exponential time/);
    expect(await db.eventType.count({ where: { name } })).toBe(0);

    // Safe patterns are accepted; an update to a quadratic one is refused and changes nothing.
    const safe = { type: "object", properties: { sku: { type: "string", pattern: "^[A-Z]{3}-\\d{1,8}$" } }, patternProperties: { "^x-": { type: "string" } } };
    const created = await mgmt.post("/event-types", { name, schema: safe });
    expect(created.status()).toBe(201);
    const type = await created.json();
    const quadratic = await expectError(await mgmt.patch(`/event-types/${type.id}`, { schema: { patternProperties: { "\\d+\\d+$": {} } } }), 400, "validation_error");
    expect(quadratic.message).toMatch(/^schema\.patternProperties\..+: can take polynomial time/);
    expect((await (await mgmt.get(`/event-types/${type.id}`)).json()).schema).toEqual(safe);
  });

  test("with validation on, ingestion answers 400 naming the failing path; off, anything goes", async ({ request, ws, mgmt }) => {
    const name = `order.validated${Math.random().toString(36).slice(2, 7)}`;
    const type = await (await mgmt.post("/event-types", { name, schema: ORDER_SCHEMA })).json();
    const endpoint = await createEndpoint(ws, { url: "https://validated.example.com/hook", isActive: false });
    await subscribe(endpoint.id, type.id);
    const ingest = ingestClient(request, ws.ingestionKey);
    const bad = { payload: { orderId: "o", items: [{ sku: "x", price: "free" }] } };

    expect(await (await mgmt.get("/settings/event-validation")).json()).toEqual({ enabled: false });
    expect((await ingest.trigger(name, bad)).status()).toBe(202);

    const on = await mgmt.put("/settings/event-validation", { enabled: true });
    expect(await on.json()).toEqual({ enabled: true });
    expect(await db.auditLog.count({ where: { workspaceId: ws.workspaceId, action: "workspace.event_validation_changed" } })).toBe(1);
    const refused = await ingest.trigger(name, bad);
    const error = await expectError(refused, 400, "validation_error");
    expect(error.message).toBe("payload.items.0.price: must be number");
    expect((await refused.json()).error.details).toEqual([{ field: "payload.items.0.price", message: "must be number" }]);
    const missing = await expectError(await ingest.trigger(name, { payload: { items: [] } }), 400, "validation_error");
    expect(missing.message).toBe("payload.orderId: is required");
    expect((await ingest.trigger(name, { payload: EXAMPLE })).status()).toBe(202);
    // The batch form reports it per item.
    const batch = await ingest.triggerBatch({ items: [{ eventType: name, payload: EXAMPLE }, { eventType: name, ...bad }] });
    expect(batch.status()).toBe(207);
    expect((await batch.json()).items[1].error).toEqual({ code: "validation_error", message: "payload.items.0.price: must be number" });

    // An update takes effect at once (the cached validator is keyed by the type's version).
    await mgmt.patch(`/event-types/${type.id}`, { schema: { type: "object", properties: { orderId: { type: "integer" } } } });
    expect((await ingest.trigger(name, bad)).status()).toBe(400);
    expect((await ingest.trigger(name, { payload: { orderId: 7 } })).status()).toBe(202);
    // No schema: nothing to validate.
    await mgmt.patch(`/event-types/${type.id}`, { schema: null });
    expect((await ingest.trigger(name, { payload: { orderId: "x" } })).status()).toBe(202);

    await mgmt.put("/settings/event-validation", { enabled: false });
    await expectError(await mgmt.put("/settings/event-validation", { enabled: "yes" }), 400, "validation_error");
    await expectError(await mgmt.put("/settings/event-validation", {}), 400, "validation_error");
  });

  test("no schema can make a payload expensive: recursion refused, uniqueItems linear, every validation on a budget", async ({ request, ws, mgmt }) => {
    const suffix = Math.random().toString(36).slice(2, 7);
    for (const [schema, message] of [
      [{ $ref: "#" }, "schema: refers to itself without end or takes too long to evaluate"],
      [{ $async: true, type: "object" }, "schema: must not be asynchronous ($async)"],
    ] as const) {
      expect((await expectError(await mgmt.post("/event-types", { name: `hostile.refused${suffix}`, schema }), 400, "validation_error")).message).toBe(message);
    }
    expect(await db.eventType.count({ where: { workspaceId: ws.workspaceId } })).toBe(0);

    const endpoint = await createEndpoint(ws, { url: "https://budget.example.com/hook", isActive: false });
    // Each level of `t` tries its subtree twice: exponential in the depth of an 80-byte payload.
    const exponential = await (await mgmt.post("/event-types", {
      name: `hostile.exponential${suffix}`,
      schema: { type: "object", properties: { t: { $ref: "#/definitions/n" } }, definitions: { n: { type: "array", items: { anyOf: [{ allOf: [{ $ref: "#/definitions/n" }, false] }, { $ref: "#/definitions/n" }] } } } },
    })).json();
    const unique = await (await mgmt.post("/event-types", { name: `hostile.unique${suffix}`, schema: { type: "object", properties: { a: { type: "array", uniqueItems: true } } } })).json();
    for (const type of [exponential, unique]) await subscribe(endpoint.id, type.id);
    await mgmt.put("/settings/event-validation", { enabled: true });
    const ingest = ingestClient(request, ws.ingestionKey);

    let deep: unknown = [];
    for (let i = 0; i < 40; i++) deep = [deep];
    const started = Date.now();
    const [hostile, neighbour] = await Promise.all([ingest.trigger(exponential.name, { payload: { t: deep } }), ingest.trigger(unique.name, { payload: { a: [1, 2] } })]);
    expect((await expectError(hostile, 400, "validation_error")).message).toBe("payload: could not be validated within 250 ms against the event type's schema");
    expect(neighbour.status()).toBe(202);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await ingest.trigger(exponential.name, { payload: { t: [[], [[]]] } })).status()).toBe(202);

    // 15,000 distinct objects: Ajv's pairwise comparison took over ten seconds on this payload.
    const items = Array.from({ length: 15_000 }, (_, b) => ({ b }));
    const uniqueStarted = Date.now();
    expect((await ingest.trigger(unique.name, { payload: { a: items } })).status()).toBe(202);
    expect(Date.now() - uniqueStarted).toBeLessThan(5_000);
    const duplicate = await expectError(await ingest.trigger(unique.name, { payload: { a: [...items, { b: 7 }] } }), 400, "validation_error");
    expect(duplicate.message).toBe("payload.a: must NOT have duplicate items (items ## 7 and 15000 are identical)");
  });
});
