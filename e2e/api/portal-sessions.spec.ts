import { hashSecret } from "@/lib/auth/secrets";
import { db, expect, expectError, managementClient, newWorkspace, test, type ManagementClient } from "../support/fixtures";

async function newApp(mgmt: ManagementClient, name = "Acme Corp") {
  const res = await mgmt.post("/applications", { name });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string };
}

test.describe("portal sessions (P1)", () => {
  test("the seed request mints a one-time link", async ({ ws, mgmt, baseURL }) => {
    const app = await newApp(mgmt);
    const before = Date.now();
    const res = await mgmt.post(`/applications/${app.id}/portal`, { role: "editor", expiresInMinutes: 60, metadata: { userId: "usr_456", email: "jane@example.com" } });
    expect(res.status()).toBe(201);
    const body = await res.json();
    expect(body.url).toBe(body.portalUrl);
    expect(body.url).toBe(`${baseURL}/s/${body.code}`);
    expect(body.code).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    const expiresAt = new Date(body.expiresAt).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 60 * 60_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 60 * 60_000 + 1000);

    const row = await db.portalCode.findFirstOrThrow({ where: { applicationId: app.id } });
    expect(row).toMatchObject({ workspaceId: ws.workspaceId, role: "editor", metadata: { userId: "usr_456", email: "jane@example.com" }, usedAt: null });
    expect(row.sessionExpiresAt.toISOString()).toBe(body.expiresAt);
    const codeTtl = row.expiresAt.getTime() - row.createdAt.getTime();
    expect(codeTtl).toBeGreaterThan(4 * 60_000);
    expect(codeTtl).toBeLessThanOrEqual(5 * 60_000 + 1000);

    const audit = await db.auditLog.findFirstOrThrow({ where: { workspaceId: ws.workspaceId, action: "portal_session.created" } });
    expect(audit).toMatchObject({ actorType: "management_token", resourceType: "application", resourceId: app.id });
  });

  test("the code is stored only as its SHA-256 hash", async ({ mgmt }) => {
    const app = await newApp(mgmt);
    const { code } = await (await mgmt.post(`/applications/${app.id}/portal`)).json();
    const row = await db.portalCode.findFirstOrThrow({ where: { applicationId: app.id } });
    expect(row.codeHash).toBe(hashSecret(code));
    const dump = JSON.stringify(await db.portalCode.findMany({ where: { applicationId: app.id } }));
    expect(dump).not.toContain(code);
    const audits = JSON.stringify(await db.auditLog.findMany({ where: { resourceId: app.id } }));
    expect(audits).not.toContain(code);
  });

  test("an empty body gets the defaults: editor for 60 minutes", async ({ ws, mgmt, request }) => {
    const app = await newApp(mgmt);
    // The Node SDK sends `{}`; other clients may send no body at all.
    for (const res of [
      await mgmt.post(`/applications/${app.id}/portal`, {}),
      await request.post(`${mgmt.base}/applications/${app.id}/portal`, { headers: { authorization: `Bearer ${ws.managementToken}` } }),
    ]) {
      expect(res.status()).toBe(201);
      const body = await res.json();
      const minutes = (new Date(body.expiresAt).getTime() - Date.now()) / 60_000;
      expect(minutes).toBeGreaterThan(59);
      expect(minutes).toBeLessThanOrEqual(60.1);
    }
    const rows = await db.portalCode.findMany({ where: { applicationId: app.id } });
    expect(rows.map((r) => r.role)).toEqual(["editor", "editor"]);
    expect(rows.map((r) => r.metadata)).toEqual([{}, {}]);
  });

  test("each code is different and single-row", async ({ mgmt }) => {
    const app = await newApp(mgmt);
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) codes.add((await (await mgmt.post(`/applications/${app.id}/portal`, { role: "viewer" })).json()).code);
    expect(codes.size).toBe(5);
    expect(await db.portalCode.count({ where: { applicationId: app.id } })).toBe(5);
  });

  test("exact boundaries of every field", async ({ mgmt }) => {
    const app = await newApp(mgmt);
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
    const accepted: unknown[] = [
      { expiresInMinutes: 1 },
      { expiresInMinutes: 60 },
      { metadata: keys(10) },
      { metadata: { ["k".repeat(50)]: "v" } },
      { metadata: { k: "v".repeat(500) } },
      { metadata: {} },
      { role: "admin" },
      { role: "viewer" },
      { role: "editor", unknownField: true },
    ];
    for (const body of accepted) {
      const res = await mgmt.post(`/applications/${app.id}/portal`, body);
      expect(res.status(), JSON.stringify(body)).toBe(201);
    }
    const rejected: [unknown, string][] = [
      [{ expiresInMinutes: 0 }, "expiresInMinutes"],
      [{ expiresInMinutes: 61 }, "expiresInMinutes"],
      [{ expiresInMinutes: -5 }, "expiresInMinutes"],
      [{ expiresInMinutes: 1.5 }, "expiresInMinutes"],
      [{ expiresInMinutes: "30" }, "expiresInMinutes"],
      [{ expiresInMinutes: null }, "expiresInMinutes"],
      [{ metadata: keys(11) }, "metadata"],
      [{ metadata: { ["k".repeat(51)]: "v" } }, "metadata"],
      [{ metadata: { k: "v".repeat(501) } }, "metadata.k"],
      [{ metadata: { k: 1 } }, "metadata.k"],
      [{ metadata: { k: true } }, "metadata.k"],
      [{ metadata: { k: null } }, "metadata.k"],
      [{ metadata: { k: { nested: "x" } } }, "metadata.k"],
      [{ metadata: { k: ["x"] } }, "metadata.k"],
      [{ metadata: "userId=1" }, "metadata"],
      [{ metadata: ["x"] }, "metadata"],
      [{ role: "owner" }, "role"],
      [{ role: "ADMIN" }, "role"],
      [{ role: 1 }, "role"],
      [[], "body"],
    ];
    for (const [body, field] of rejected) {
      const error = await expectError(await mgmt.post(`/applications/${app.id}/portal`, body), 400, "validation_error");
      expect(error.message, JSON.stringify(body)).toContain(field);
    }
    expect(await db.portalCode.count({ where: { applicationId: app.id } })).toBe(accepted.length);
  });

  test("malformed JSON and wrong content type are client errors", async ({ ws, mgmt, request }) => {
    const app = await newApp(mgmt);
    const url = `${mgmt.base}/applications/${app.id}/portal`;
    const authorization = `Bearer ${ws.managementToken}`;
    await expectError(await request.post(url, { headers: { authorization, "content-type": "application/json" }, data: Buffer.from("{nope") }), 400, "bad_request");
    await expectError(await request.post(url, { headers: { authorization, "content-type": "text/plain" }, data: Buffer.from("role=admin") }), 415, "unsupported_media_type");
  });

  test("an application of another workspace (or none) is not found", async ({ request, mgmt }) => {
    const other = managementClient(request, await newWorkspace("pro"));
    const theirs = await newApp(other);
    const error = await expectError(await mgmt.post(`/applications/${theirs.id}/portal`, {}), 404, "not_found");
    expect(error.message).toBe("Application not found");
    await expectError(await mgmt.post(`/applications/app_does_not_exist/portal`, {}), 404, "not_found");
    expect(await db.portalCode.count({ where: { applicationId: theirs.id } })).toBe(0);
  });

  test("free plan is refused with plan_required; auth is required", async ({ request, ws, mgmt }) => {
    const app = await newApp(mgmt);
    const freeWs = await newWorkspace("free");
    const free = managementClient(request, freeWs);
    await expectError(await free.post(`/applications/${app.id}/portal`, {}), 403, "plan_required");
    await expectError(await request.post(`/management/v1/workspaces/${ws.workspaceId}/applications/${app.id}/portal`, { data: {} }), 401, "unauthorized");
    await expectError(await request.post(`/management/v1/workspaces/${ws.workspaceId}/applications/${app.id}/portal`, { headers: { authorization: `Bearer ${freeWs.managementToken}` }, data: {} }), 404, "not_found");
  });

  test("PORTAL_BASE_URL is not set in tests, so links use the Host the operator called; forwarded headers are not trusted", async ({ ws, mgmt, request, baseURL }) => {
    const app = await newApp(mgmt);
    const res = await request.post(`${mgmt.base}/applications/${app.id}/portal`, {
      headers: { authorization: `Bearer ${ws.managementToken}`, "x-forwarded-proto": "https", "x-forwarded-host": "portal.example.com" },
      data: {},
    });
    expect(res.status()).toBe(201);
    expect((await res.json()).url).toMatch(new RegExp(`^${baseURL!.replace(/[.]/g, "\\.")}/s/[A-Za-z0-9_-]{43}$`));
  });
});

