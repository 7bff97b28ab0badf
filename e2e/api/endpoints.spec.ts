import { db, expect, expectError, managementClient, newWorkspace, test } from "../support/fixtures";

test.describe("endpoints (E1–E5, A6–A7)", () => {
  test("create returns the secret once; list hides it; get shows it", async ({ mgmt }) => {
    const res = await mgmt.post("/endpoints", { url: "https://example.com/hooks", description: "orders", metadata: { team: "a" } });
    expect(res.status()).toBe(201);
    const ep = await res.json();
    expect(ep).toMatchObject({ url: "https://example.com/hooks", description: "orders", isActive: true, type: "webhook", config: {}, hasAuth: false, authUsername: null, metadata: { team: "a" } });
    expect(ep.id).toMatch(/^ep_/);
    expect(ep.secret).toMatch(/^whsec_/);
    expect(Buffer.from(ep.secret.slice(6), "base64")).toHaveLength(32);

    const list = await (await mgmt.get("/endpoints")).json();
    expect(list.map((e: { id: string }) => e.id)).toContain(ep.id);
    expect(JSON.stringify(list)).not.toContain(ep.secret);
    expect((await (await mgmt.get(`/endpoints/${ep.id}`)).json()).secret).toBe(ep.secret);
  });

  test("update, pause, resume, delete", async ({ mgmt }) => {
    const ep = await (await mgmt.post("/endpoints", { url: "https://example.com/a" })).json();
    const patched = await mgmt.patch(`/endpoints/${ep.id}`, { description: "paused for maintenance", isActive: false });
    expect(patched.status()).toBe(200);
    expect(await patched.json()).toMatchObject({ description: "paused for maintenance", isActive: false });
    const withAuth = await (await mgmt.patch(`/endpoints/${ep.id}`, { authUsername: "u", authPassword: "p", url: "https://example.com/b" })).json();
    expect(withAuth).toMatchObject({ hasAuth: true, authUsername: "u", url: "https://example.com/b" });
    expect(JSON.stringify(withAuth)).not.toContain('"p"');
    expect((await mgmt.delete(`/endpoints/${ep.id}`)).status()).toBe(204);
    await expectError(await mgmt.get(`/endpoints/${ep.id}`), 404, "not_found");
    await expectError(await mgmt.patch(`/endpoints/${ep.id}`, { description: "x" }), 404, "not_found");
  });

  test("slack endpoints take config.webhookUrl", async ({ mgmt }) => {
    const res = await mgmt.post("/endpoints", { type: "slack", config: { webhookUrl: "https://hooks.slack.com/services/T0/B0/xyz" } });
    expect(res.status()).toBe(201);
    expect(await res.json()).toMatchObject({ type: "slack", url: "https://hooks.slack.com/services/T0/B0/xyz", config: { webhookUrl: "https://hooks.slack.com/services/T0/B0/xyz" } });
    const bad = await expectError(await mgmt.post("/endpoints", { type: "slack", config: { webhookUrl: "https://evil.example.com/services/x" } }), 400, "validation_error");
    expect(bad.message).toContain("config.webhookUrl");
    await expectError(await mgmt.post("/endpoints", { type: "slack" }), 400, "validation_error");
  });

  test("validation names the field", async ({ mgmt }) => {
    const cases: [unknown, string][] = [
      [{}, "url"],
      [{ url: "not a url" }, "url"],
      [{ url: "ftp://example.com/x" }, "url"],
      [{ url: "https://user:pw@example.com/x" }, "url"],
      [{ url: "https://example.com/" + "a".repeat(2100) }, "url"],
      [{ url: "https://example.com", type: "carrier-pigeon" }, "type"],
      [{ url: "https://example.com", metadata: { a: "1", b: "2", c: "3", d: "4", e: "5", f: "6" } }, "metadata"],
      [{ url: "https://example.com", description: 5 }, "description"],
    ];
    for (const [body, field] of cases) expect((await expectError(await mgmt.post("/endpoints", body), 400, "validation_error")).message).toContain(field);
    await expectError(await mgmt.post("/endpoints", { url: "https://example.com", environmentId: "env_nope" }), 404, "not_found");
  });

  test("application endpoints: scoping and maxEndpoints", async ({ mgmt }) => {
    const app = await (await mgmt.post("/applications", { name: "Acme", maxEndpoints: 1 })).json();
    const first = await mgmt.post(`/applications/${app.id}/endpoints`, { url: "https://example.com/1" });
    expect(first.status()).toBe(201);
    expect((await first.json()).applicationId).toBe(app.id);
    const limit = await expectError(await mgmt.post(`/applications/${app.id}/endpoints`, { url: "https://example.com/2" }), 403, "application_endpoint_limit_reached");
    expect(limit.message).toContain("1 endpoint");
    await mgmt.post("/endpoints", { url: "https://example.com/unowned" });
    const listed = await (await mgmt.get(`/applications/${app.id}/endpoints`)).json();
    expect(listed).toHaveLength(1);

    const zero = await (await mgmt.post("/applications", { name: "Read-only", maxEndpoints: 0 })).json();
    await expectError(await mgmt.post(`/applications/${zero.id}/endpoints`, { url: "https://example.com/3" }), 403, "application_endpoint_limit_reached");
    await expectError(await mgmt.get("/applications/app_missing/endpoints"), 404, "not_found");
    await expectError(await mgmt.post("/applications/app_missing/endpoints", { url: "https://example.com/4" }), 404, "not_found");
  });

  test("concurrent creations cannot exceed maxEndpoints", async ({ mgmt }) => {
    const app = await (await mgmt.post("/applications", { name: "Race", maxEndpoints: 3 })).json();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => mgmt.post(`/applications/${app.id}/endpoints`, { url: `https://example.com/${i}` })));
    expect(results.filter((r) => r.status() === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status() === 403)).toHaveLength(5);
    expect(await db.endpoint.count({ where: { applicationId: app.id } })).toBe(3);
  });

  test("another workspace's endpoint is a 404", async ({ request, mgmt }) => {
    const other = managementClient(request, await newWorkspace());
    const theirs = await (await other.post("/endpoints", { url: "https://example.com/theirs" })).json();
    await expectError(await mgmt.get(`/endpoints/${theirs.id}`), 404, "not_found");
    await expectError(await mgmt.patch(`/endpoints/${theirs.id}`, { isActive: false }), 404, "not_found");
    await expectError(await mgmt.delete(`/endpoints/${theirs.id}`), 404, "not_found");
    expect((await (await other.get(`/endpoints/${theirs.id}`)).json()).isActive).toBe(true);
  });
});
