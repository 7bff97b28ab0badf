import { db, expect, expectError, managementClient, newWorkspace, test } from "../support/fixtures";
import { newId } from "@/lib/ids";

/** Event types straight into the database, so these specs do not depend on the T1–T5 routes. */
async function seedEventType(workspaceId: string, name: string) {
  return db.eventType.create({ data: { id: newId("evt"), workspaceId, name } });
}

test.describe("environments (V1–V5)", () => {
  test("a workspace starts with its default Production environment", async ({ ws, mgmt }) => {
    const res = await mgmt.get("/environments");
    expect(res.status()).toBe(200);
    const list = await res.json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: ws.environmentId, name: "Production", slug: "production", isDefault: true });
    expect(Object.keys(list[0]).sort()).toEqual(["createdAt", "id", "isDefault", "name", "slug", "updatedAt"]);
  });

  test("create, get, list, rename, delete", async ({ mgmt }) => {
    const created = await mgmt.post("/environments", { name: "Staging", slug: "staging" });
    expect(created.status()).toBe(201);
    const env = await created.json();
    expect(env.id).toMatch(/^env_/);
    expect(env).toMatchObject({ name: "Staging", slug: "staging", isDefault: false });
    expect(Number.isNaN(Date.parse(env.createdAt))).toBe(false);

    expect(await (await mgmt.get(`/environments/${env.id}`)).json()).toEqual(env);
    const list = await (await mgmt.get("/environments")).json();
    expect(list.map((e: { slug: string }) => e.slug)).toEqual(["production", "staging"]);

    const renamed = await mgmt.patch(`/environments/${env.id}`, { name: "Staging EU", slug: "ignored", isDefault: true });
    expect(renamed.status()).toBe(200);
    expect(await renamed.json()).toMatchObject({ id: env.id, name: "Staging EU", slug: "staging", isDefault: false });

    const del = await mgmt.delete(`/environments/${env.id}`);
    expect(del.status()).toBe(204);
    expect(await del.text()).toBe("");
    await expectError(await mgmt.get(`/environments/${env.id}`), 404, "not_found");
    await expectError(await mgmt.patch(`/environments/${env.id}`, { name: "x" }), 404, "not_found");
    await expectError(await mgmt.delete(`/environments/${env.id}`), 404, "not_found");
  });

  test("slug rules: format, uniqueness per workspace, reuse across workspaces", async ({ request, mgmt }) => {
    for (const slug of ["Staging", "stag ing", "-staging", "staging-", "ünïcode", "a".repeat(65), "", "stag_ing", 42, null]) {
      const error = await expectError(await mgmt.post("/environments", { name: "S", slug }), 400, "validation_error");
      expect(error.message).toContain("slug");
    }
    await expectError(await mgmt.post("/environments", { slug: "ok" }), 400, "validation_error");
    expect((await mgmt.post("/environments", { name: "S", slug: "a" })).status()).toBe(201);
    expect((await mgmt.post("/environments", { name: "S", slug: "eu-west-1" })).status()).toBe(201);

    const duplicate = await expectError(await mgmt.post("/environments", { name: "Again", slug: "eu-west-1" }), 409, "conflict");
    expect(duplicate.message).toMatch(/slug/);
    await expectError(await mgmt.post("/environments", { name: "Prod 2", slug: "production" }), 409, "conflict");

    const other = managementClient(request, await newWorkspace("free"));
    expect((await other.post("/environments", { name: "S", slug: "eu-west-1" })).status()).toBe(201);
  });

  test("at most 10 environments per workspace, even when created concurrently", async ({ ws, mgmt }) => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => mgmt.post("/environments", { name: `Env ${i}`, slug: `env-${i}` })));
    const statuses = results.map((r) => r.status()).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(9);
    for (const r of results.filter((r) => r.status() !== 201)) {
      const error = await expectError(r, 403, "forbidden");
      expect(error.message).toMatch(/at most 10 environments/);
    }
    expect(await db.environment.count({ where: { workspaceId: ws.workspaceId } })).toBe(10);

    // Deleting one frees a slot.
    const list = await (await mgmt.get("/environments")).json();
    expect((await mgmt.delete(`/environments/${list[5].id}`)).status()).toBe(204);
    expect((await mgmt.post("/environments", { name: "Late", slug: "late" })).status()).toBe(201);
  });

  test("the default environment cannot be deleted but can be renamed", async ({ ws, mgmt }) => {
    const error = await expectError(await mgmt.delete(`/environments/${ws.environmentId}`), 409, "conflict");
    expect(error.message).toMatch(/default environment/);
    expect((await mgmt.get(`/environments/${ws.environmentId}`)).status()).toBe(200);
    const renamed = await (await mgmt.patch(`/environments/${ws.environmentId}`, { name: "Live" })).json();
    expect(renamed).toMatchObject({ name: "Live", slug: "production", isDefault: true });
  });

  test("deleting an environment deletes its endpoints, keys and visibility rows only", async ({ ws, mgmt }) => {
    const env = await (await mgmt.post("/environments", { name: "Doomed", slug: "doomed" })).json();
    const evt = await seedEventType(ws.workspaceId, "order.created");
    const endpointIn = (environmentId: string) =>
      db.endpoint.create({ data: { id: newId("ep"), workspaceId: ws.workspaceId, environmentId, url: "https://example.com/hook", secret: "whsec_x" } });
    const doomedEndpoint = await endpointIn(env.id);
    const keptEndpoint = await endpointIn(ws.environmentId);
    await db.ingestionKey.create({ data: { id: newId("key"), workspaceId: ws.workspaceId, environmentId: env.id, name: "k", keyHash: newId("hash"), prefix: "nhk_us_…" } });
    expect((await mgmt.put(`/environments/${env.id}/event-types/${evt.id}/visibility`, { published: true })).status()).toBe(200);

    expect((await mgmt.delete(`/environments/${env.id}`)).status()).toBe(204);
    expect(await db.endpoint.findUnique({ where: { id: doomedEndpoint.id } })).toBeNull();
    expect(await db.endpoint.findUnique({ where: { id: keptEndpoint.id } })).not.toBeNull();
    expect(await db.ingestionKey.count({ where: { environmentId: env.id } })).toBe(0);
    expect(await db.ingestionKey.count({ where: { workspaceId: ws.workspaceId } })).toBe(1);
    expect(await db.eventTypeVisibility.count({ where: { environmentId: env.id } })).toBe(0);
    expect(await db.eventType.findUnique({ where: { id: evt.id } })).not.toBeNull();

    const audit = await db.auditLog.findFirstOrThrow({ where: { workspaceId: ws.workspaceId, action: "environment.deleted" } });
    expect(audit.metadata).toMatchObject({ slug: "doomed", deletedEndpoints: 1, deletedIngestionKeys: 1 });
  });

  test("validation: names, ids, bodies", async ({ mgmt }) => {
    for (const name of ["", "   ", 7, "x".repeat(256)]) {
      const error = await expectError(await mgmt.post("/environments", { name, slug: "ok" }), 400, "validation_error");
      expect(error.message).toContain("name");
    }
    await expectError(await mgmt.patch("/environments/env_nope", { name: "" }), 400, "validation_error");
    await expectError(await mgmt.get("/environments/env_does_not_exist"), 404, "not_found");
    await expectError(await mgmt.get("/environments/..%2F..%2Fapplications"), 400, "validation_error");
    await expectError(await mgmt.get(`/environments/${"e".repeat(101)}`), 400, "validation_error");
  });

  test("tenant isolation: another workspace's environment is a 404", async ({ request, mgmt }) => {
    const other = managementClient(request, await newWorkspace("pro"));
    const theirs = await (await other.post("/environments", { name: "Theirs", slug: "theirs" })).json();
    await expectError(await mgmt.get(`/environments/${theirs.id}`), 404, "not_found");
    await expectError(await mgmt.patch(`/environments/${theirs.id}`, { name: "mine now" }), 404, "not_found");
    await expectError(await mgmt.delete(`/environments/${theirs.id}`), 404, "not_found");
    await expectError(await mgmt.get(`/environments/${theirs.id}/event-types`), 404, "not_found");
    expect(await (await other.get(`/environments/${theirs.id}`)).json()).toMatchObject({ name: "Theirs" });
  });

  test("auth: missing and disabled tokens; free plan is allowed", async ({ request, ws }) => {
    const path = `/management/v1/workspaces/${ws.workspaceId}/environments`;
    await expectError(await request.get(path), 401, "unauthorized");
    await expectError(await request.post(path, { data: { name: "x", slug: "x" } }), 401, "unauthorized");
    const free = managementClient(request, await newWorkspace("free"));
    expect((await free.get("/environments")).status()).toBe(200);
    await db.managementToken.updateMany({ where: { workspaceId: ws.workspaceId }, data: { disabledAt: new Date() } });
    await expectError(await request.get(path, { headers: { authorization: `Bearer ${ws.managementToken}` } }), 403, "token_disabled");
  });

  test("every mutation is audited with the token as actor", async ({ ws, mgmt }) => {
    const env = await (await mgmt.post("/environments", { name: "Audited", slug: "audited" })).json();
    await mgmt.patch(`/environments/${env.id}`, { name: "Renamed" });
    await mgmt.delete(`/environments/${env.id}`);
    await expectError(await mgmt.delete(`/environments/${ws.environmentId}`), 409, "conflict");
    const rows = await db.auditLog.findMany({ where: { workspaceId: ws.workspaceId, resourceType: "environment" }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.action, r.resourceId])).toEqual([
      ["environment.created", env.id],
      ["environment.updated", env.id],
      ["environment.deleted", env.id],
    ]);
    expect(rows.every((r) => r.actorType === "management_token" && r.actorLabel === "default")).toBe(true);
  });
});

test.describe("event-type visibility per environment (V6–V7)", () => {
  test("one entry per event type; unpublished until set; PUT returns the entry", async ({ ws, mgmt }) => {
    const staging = await (await mgmt.post("/environments", { name: "Staging", slug: "staging" })).json();
    expect(await (await mgmt.get(`/environments/${staging.id}/event-types`)).json()).toEqual([]);

    const order = await seedEventType(ws.workspaceId, "order.created");
    const invoice = await seedEventType(ws.workspaceId, "invoice.paid");
    const res = await mgmt.get(`/environments/${staging.id}/event-types`);
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual([
      { eventTypeId: invoice.id, eventTypeName: "invoice.paid", published: false },
      { eventTypeId: order.id, eventTypeName: "order.created", published: false },
    ]);

    const put = await mgmt.put(`/environments/${staging.id}/event-types/${order.id}/visibility`, { published: true });
    expect(put.status()).toBe(200);
    expect(await put.json()).toEqual({ eventTypeId: order.id, eventTypeName: "order.created", published: true });
    const after = await (await mgmt.get(`/environments/${staging.id}/event-types`)).json();
    expect(after.find((e: { eventTypeId: string }) => e.eventTypeId === order.id).published).toBe(true);
    expect(after.find((e: { eventTypeId: string }) => e.eventTypeId === invoice.id).published).toBe(false);

    // Visibility is per environment: production is untouched.
    const production = await (await mgmt.get(`/environments/${ws.environmentId}/event-types`)).json();
    expect(production.every((e: { published: boolean }) => e.published === false)).toBe(true);

    const unpublished = await (await mgmt.put(`/environments/${staging.id}/event-types/${order.id}/visibility`, { published: false })).json();
    expect(unpublished).toMatchObject({ eventTypeId: order.id, published: false });
  });

  test("only changes are audited", async ({ ws, mgmt }) => {
    const evt = await seedEventType(ws.workspaceId, "user.signed_up");
    const path = `/environments/${ws.environmentId}/event-types/${evt.id}/visibility`;
    for (const published of [true, true, false, false]) expect((await mgmt.put(path, { published })).status()).toBe(200);
    const rows = await db.auditLog.findMany({ where: { workspaceId: ws.workspaceId, action: "event_type.visibility_changed" }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => (r.metadata as { published: boolean }).published)).toEqual([true, false]);
    expect(rows.every((r) => r.resourceType === "event_type" && r.resourceId === evt.id)).toBe(true);
    expect(rows[0].metadata).toMatchObject({ environmentId: ws.environmentId });

    // Identical PUTs at once: one change, one audit row (the same for event validation).
    const burst = (body: object, at: string) => Promise.all(Array.from({ length: 8 }, () => mgmt.put(at, body)));
    expect((await burst({ published: true }, path)).map((r) => r.status())).toEqual(Array(8).fill(200));
    expect(await db.auditLog.count({ where: { workspaceId: ws.workspaceId, action: "event_type.visibility_changed" } })).toBe(3);
    expect((await burst({ enabled: true }, "/settings/event-validation")).map((r) => r.status())).toEqual(Array(8).fill(200));
    expect(await db.auditLog.count({ where: { workspaceId: ws.workspaceId, action: "workspace.event_validation_changed" } })).toBe(1);
    // A first PUT that leaves the default (unpublished) changes nothing.
    const other = await seedEventType(ws.workspaceId, "user.left");
    expect((await mgmt.put(`/environments/${ws.environmentId}/event-types/${other.id}/visibility`, { published: false })).status()).toBe(200);
    expect(await db.auditLog.count({ where: { workspaceId: ws.workspaceId, action: "event_type.visibility_changed", resourceId: other.id } })).toBe(0);
  });

  test("errors: bad body, unknown or foreign ids", async ({ request, ws, mgmt }) => {
    const evt = await seedEventType(ws.workspaceId, "a.b");
    const path = `/environments/${ws.environmentId}/event-types/${evt.id}/visibility`;
    for (const body of [{}, { published: "true" }, { published: 1 }, { published: null }]) {
      const error = await expectError(await mgmt.put(path, body), 400, "validation_error");
      expect(error.message).toContain("published");
    }
    await expectError(await mgmt.put(`/environments/${ws.environmentId}/event-types/evt_missing/visibility`, { published: true }), 404, "not_found");
    await expectError(await mgmt.put(`/environments/env_missing/event-types/${evt.id}/visibility`, { published: true }), 404, "not_found");
    await expectError(await mgmt.get(`/environments/env_missing/event-types`), 404, "not_found");

    const other = await newWorkspace("pro");
    const theirType = await seedEventType(other.workspaceId, "a.b");
    await expectError(await mgmt.put(`/environments/${ws.environmentId}/event-types/${theirType.id}/visibility`, { published: true }), 404, "not_found");
    await expectError(await mgmt.put(`/environments/${other.environmentId}/event-types/${evt.id}/visibility`, { published: true }), 404, "not_found");
    expect(await db.eventTypeVisibility.count({ where: { eventTypeId: theirType.id } })).toBe(0);
    const theirs = managementClient(request, other);
    expect(await (await theirs.get(`/environments/${other.environmentId}/event-types`)).json()).toEqual([
      { eventTypeId: theirType.id, eventTypeName: "a.b", published: false },
    ]);
  });
});
