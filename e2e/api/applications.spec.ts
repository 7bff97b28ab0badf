import { db, expect, expectError, managementClient, newWorkspace, test } from "../support/fixtures";

test.describe("applications (A1–A5)", () => {
  test("the seed request creates an application", async ({ mgmt }) => {
    const res = await mgmt.post("/applications", { name: "Acme Corp", metadata: { customerId: "cust_123" } });
    expect(res.status()).toBe(201);
    const app = await res.json();
    expect(app.id).toMatch(/^app_/);
    expect(app).toMatchObject({ name: "Acme Corp", metadata: { customerId: "cust_123" }, externalId: null, maxEndpoints: null, showEventTypes: true });
    expect(new Date(app.createdAt).toString()).not.toBe("Invalid Date");
  });

  test("create, get, list with paging, update, delete", async ({ mgmt }) => {
    const ids: string[] = [];
    for (const name of ["one", "two", "three"]) ids.push((await (await mgmt.post("/applications", { name })).json()).id);
    expect(await (await mgmt.get(`/applications/${ids[1]}`)).json()).toMatchObject({ id: ids[1], name: "two" });

    const page = await (await mgmt.get("/applications?limit=2&offset=1")).json();
    expect(page.map((a: { id: string }) => a.id)).toEqual([ids[1], ids[2]]);

    const patched = await mgmt.patch(`/applications/${ids[0]}`, { name: "uno", maxEndpoints: 3, showEventTypes: false });
    expect(patched.status()).toBe(200);
    expect(await patched.json()).toMatchObject({ name: "uno", maxEndpoints: 3, showEventTypes: false });
    const cleared = await (await mgmt.patch(`/applications/${ids[0]}`, { maxEndpoints: null })).json();
    expect(cleared).toMatchObject({ name: "uno", maxEndpoints: null, showEventTypes: false });

    const del = await mgmt.delete(`/applications/${ids[0]}`);
    expect(del.status()).toBe(204);
    expect(await del.text()).toBe("");
    await expectError(await mgmt.get(`/applications/${ids[0]}`), 404, "not_found");
    await expectError(await mgmt.delete(`/applications/${ids[0]}`), 404, "not_found");
  });

  test("duplicate externalId is a conflict", async ({ mgmt }) => {
    expect((await mgmt.post("/applications", { name: "a", externalId: "cust-1" })).status()).toBe(201);
    await expectError(await mgmt.post("/applications", { name: "b", externalId: "cust-1" }), 409, "conflict");
  });

  test("validation errors name the field", async ({ mgmt }) => {
    const cases: [unknown, string][] = [
      [{}, "name"],
      [{ name: 42 }, "name"],
      [{ name: "x", metadata: { a: "1", b: "2", c: "3", d: "4", e: "5", f: "6" } }, "metadata"],
      [{ name: "x", metadata: { a: 1 } }, "metadata.a"],
      [{ name: "x", maxEndpoints: -1 }, "maxEndpoints"],
      [{ name: "x", maxEndpoints: 1.5 }, "maxEndpoints"],
      [{ name: "x", showEventTypes: "yes" }, "showEventTypes"],
    ];
    for (const [body, field] of cases) {
      const error = await expectError(await mgmt.post("/applications", body), 400, "validation_error");
      expect(error.message).toContain(field);
    }
    await expectError(await mgmt.get("/applications?limit=0"), 400, "validation_error");
    await expectError(await mgmt.get("/applications?limit=abc"), 400, "validation_error");
  });

  test("free plan is refused with plan_required", async ({ request }) => {
    const free = managementClient(request, await newWorkspace("free"));
    const error = await expectError(await free.post("/applications", { name: "x" }), 403, "plan_required");
    expect(error.message).toMatch(/pro/);
    await expectError(await free.get("/applications"), 403, "plan_required");
  });

  test("auth: missing, unknown, disabled token; other workspace is 404", async ({ request, ws, mgmt }) => {
    const path = `/management/v1/workspaces/${ws.workspaceId}/applications`;
    await expectError(await request.get(path), 401, "unauthorized");
    await expectError(await request.get(path, { headers: { authorization: "Bearer nhm_unknown" } }), 401, "unauthorized");
    await expectError(await request.get(path, { headers: { authorization: `Bearer ${ws.ingestionKey}` } }), 401, "unauthorized");

    const other = await newWorkspace("pro");
    const theirs = await (await managementClient(request, other).post("/applications", { name: "theirs" })).json();
    await expectError(await request.get(`/management/v1/workspaces/${other.workspaceId}/applications`, { headers: { authorization: `Bearer ${ws.managementToken}` } }), 404, "not_found");
    await expectError(await mgmt.get(`/applications/${theirs.id}`), 404, "not_found");

    await db.managementToken.updateMany({ where: { workspaceId: ws.workspaceId }, data: { disabledAt: new Date() } });
    await expectError(await mgmt.get("/applications"), 403, "token_disabled");
  });

  test("every mutation is audited", async ({ ws, mgmt }) => {
    const app = await (await mgmt.post("/applications", { name: "audited" })).json();
    await mgmt.patch(`/applications/${app.id}`, { name: "renamed" });
    await mgmt.delete(`/applications/${app.id}`);
    const rows = await db.auditLog.findMany({ where: { workspaceId: ws.workspaceId, resourceId: app.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.action)).toEqual(["application.created", "application.updated", "application.deleted"]);
    expect(rows.every((r) => r.actorType === "management_token")).toBe(true);
  });
});
