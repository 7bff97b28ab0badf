import { db, expect, expectError, managementClient, newWorkspace, test } from "../support/fixtures";
import { createApp, portalLink } from "../support/portal";

const DEFAULT_BRANDING = { displayName: null, logoUrl: null, primaryColor: null, colorScheme: "light", hideFooter: false, buttonTextColor: null };

test.describe("portal settings: embedding and branding (P2–P6)", () => {
  test("a new workspace has the defaults, and reading them writes nothing", async ({ mgmt, ws }) => {
    const res = await mgmt.get("/portal-settings");
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ embedding: { allowedOrigins: [] }, branding: DEFAULT_BRANDING, updatedAt: null });
    expect(await db.portalSettings.count({ where: { workspaceId: ws.workspaceId } })).toBe(0);
  });

  test("PATCH normalises origins and colours, keeps omitted fields, and is audited", async ({ mgmt, ws }) => {
    const first = await mgmt.patch("/portal-settings", {
      embedding: { allowedOrigins: ["https://App.Example.com/", "https://*.example.org", "http://localhost:5173", "https://app.example.com", "https://x.example.com:443"] },
      branding: { displayName: "  Globex  ", primaryColor: "#0F766E", colorScheme: "dark", logoUrl: "https://cdn.example.com/logo.svg" },
    });
    expect(first.status()).toBe(200);
    const body = await first.json();
    expect(body.embedding.allowedOrigins).toEqual(["https://app.example.com", "https://*.example.org", "http://localhost:5173", "https://x.example.com"]);
    expect(body.branding).toEqual({
      displayName: "Globex", logoUrl: "https://cdn.example.com/logo.svg", primaryColor: "#0f766e", colorScheme: "dark", hideFooter: false, buttonTextColor: "#ffffff",
    });
    expect(typeof body.updatedAt).toBe("string");

    // Only what is sent changes; null clears a branding field; an empty list refuses framing again.
    const second = await mgmt.patch("/portal-settings", { branding: { logoUrl: null, primaryColor: "#abc" } });
    expect((await second.json()).branding).toMatchObject({ displayName: "Globex", logoUrl: null, primaryColor: "#aabbcc", colorScheme: "dark" });
    expect((await (await mgmt.get("/portal-settings")).json()).embedding.allowedOrigins).toHaveLength(4);
    const third = await mgmt.patch("/portal-settings", { embedding: { allowedOrigins: [] } });
    expect((await third.json()).embedding.allowedOrigins).toEqual([]);

    const audits = await db.auditLog.findMany({ where: { workspaceId: ws.workspaceId, action: "portal_settings.updated" }, orderBy: { createdAt: "asc" } });
    expect(audits).toHaveLength(3);
    expect(audits[0]).toMatchObject({ actorType: "management_token", resourceType: "workspace", resourceId: ws.workspaceId });
    expect(audits[1].metadata).toEqual({ fields: ["branding.logoUrl", "branding.primaryColor"] });
  });

  test("the button label colour is computed from the primary colour's contrast", async ({ mgmt }) => {
    for (const [color, label] of [["#4f46e5", "#ffffff"], ["#facc15", "#000000"], ["#ffffff", "#000000"], ["#000000", "#ffffff"], ["#22c55e", "#000000"], ["#0f766e", "#ffffff"]]) {
      const res = await mgmt.patch("/portal-settings", { branding: { primaryColor: color } });
      expect((await res.json()).branding.buttonTextColor, color).toBe(label);
    }
  });

  test("invalid values are 400 validation errors naming the field, and change nothing", async ({ mgmt, ws }) => {
    await mgmt.patch("/portal-settings", { branding: { primaryColor: "#123456" }, embedding: { allowedOrigins: ["https://ok.example.com"] } });
    const before = await db.portalSettings.findUniqueOrThrow({ where: { workspaceId: ws.workspaceId } });
    const cases: [unknown, string][] = [
      [{ branding: { primaryColor: "red" } }, "branding.primaryColor"],
      [{ branding: { primaryColor: "#12345" } }, "branding.primaryColor"],
      [{ branding: { primaryColor: "#gggggg" } }, "branding.primaryColor"],
      [{ branding: { primaryColor: "rgb(1,2,3)" } }, "branding.primaryColor"],
      [{ branding: { primaryColor: 0x123456 } }, "branding.primaryColor"],
      [{ branding: { logoUrl: "http://cdn.example.com/logo.png" } }, "branding.logoUrl"],
      [{ branding: { logoUrl: "javascript:alert(1)" } }, "branding.logoUrl"],
      [{ branding: { logoUrl: "data:image/png;base64,AAAA" } }, "branding.logoUrl"],
      [{ branding: { logoUrl: "https://user:pw@cdn.example.com/logo.png" } }, "branding.logoUrl"],
      [{ branding: { logoUrl: `https://cdn.example.com/${"a".repeat(2100)}.png` } }, "branding.logoUrl"],
      [{ branding: { logoUrl: "logo.png" } }, "branding.logoUrl"],
      [{ branding: { colorScheme: "sepia" } }, "branding.colorScheme"],
      [{ branding: { colorScheme: null } }, "branding.colorScheme"],
      [{ branding: { displayName: "   " } }, "branding.displayName"],
      [{ branding: { displayName: "x".repeat(101) } }, "branding.displayName"],
      [{ branding: { hideFooter: "yes" } }, "branding.hideFooter"],
      [{ branding: "dark" }, "branding"],
      [{ embedding: { allowedOrigins: "https://a.example.com" } }, "embedding.allowedOrigins"],
      [{ embedding: { allowedOrigins: ["https://a.example.com/path"] } }, "embedding.allowedOrigins.0"],
      [{ embedding: { allowedOrigins: ["http://a.example.com"] } }, "embedding.allowedOrigins.0"],
      [{ embedding: { allowedOrigins: ["https://a.example.com; script-src *"] } }, "embedding.allowedOrigins.0"],
      [{ embedding: { allowedOrigins: ["https://a.example.com 'unsafe-inline'"] } }, "embedding.allowedOrigins.0"],
      [{ embedding: { allowedOrigins: ["*"] } }, "embedding.allowedOrigins.0"],
      [{ embedding: { allowedOrigins: ["'self'"] } }, "embedding.allowedOrigins.0"],
      [{ embedding: { allowedOrigins: ["https://*"] } }, "embedding.allowedOrigins.0"],
      [{ embedding: { allowedOrigins: ["https://a.example.com?x=1"] } }, "embedding.allowedOrigins.0"],
      [{ embedding: { allowedOrigins: ["https://u:p@a.example.com"] } }, "embedding.allowedOrigins.0"],
      [{ embedding: { allowedOrigins: ["ftp://a.example.com"] } }, "embedding.allowedOrigins.0"],
      [{}, "body"],
      [{ embedding: { allowedOrigins: Array.from({ length: 21 }, (_, i) => `https://a${i}.example.com`) } }, "embedding.allowedOrigins"],
    ];
    for (const [body, field] of cases) {
      const res = await mgmt.patch("/portal-settings", body);
      const error = await expectError(res, 400, "validation_error");
      const details = ((await res.json()) as { error: { details?: { field: string }[] } }).error.details ?? [];
      expect(details.map((d) => d.field), `${JSON.stringify(body).slice(0, 80)} → ${error.message}`).toContain(field);
    }
    const after = await db.portalSettings.findUniqueOrThrow({ where: { workspaceId: ws.workspaceId } });
    expect(after).toEqual(before);
  });

  test("hiding the Nahook footer needs a paid plan; the rest of the settings work on free", async ({ request }) => {
    const free = managementClient(request, await newWorkspace("free"));
    expect((await free.get("/portal-settings")).status()).toBe(200);
    const ok = await free.patch("/portal-settings", { branding: { primaryColor: "#0f766e", hideFooter: false }, embedding: { allowedOrigins: ["https://app.example.com"] } });
    expect(ok.status()).toBe(200);
    const gated = await free.patch("/portal-settings", { branding: { primaryColor: "#ff0000", hideFooter: true } });
    const error = await expectError(gated, 403, "plan_required");
    expect(error.message).toMatch(/pro or enterprise.*free/);
    // Nothing of the refused request was applied.
    expect((await (await free.get("/portal-settings")).json()).branding).toMatchObject({ primaryColor: "#0f766e", hideFooter: false });

    // Per-application overrides live with applications, a paid feature.
    await expectError(await free.get("/applications/app_whatever/portal-settings"), 403, "plan_required");
    await expectError(await free.patch("/applications/app_whatever/portal-settings", { branding: {} }), 403, "plan_required");

    for (const plan of ["pro", "enterprise"] as const) {
      const paid = managementClient(request, await newWorkspace(plan));
      const res = await paid.patch("/portal-settings", { branding: { hideFooter: true } });
      expect(res.status(), plan).toBe(200);
      expect((await res.json()).branding.hideFooter).toBe(true);
    }
  });

  test("an application overrides some fields and inherits the rest; DELETE returns it to the workspace's", async ({ mgmt, ws, request }) => {
    await mgmt.patch("/portal-settings", { branding: { displayName: "Globex", primaryColor: "#0f766e", colorScheme: "auto" } });
    const app = await createApp(mgmt);
    const initial = await (await mgmt.get(`/applications/${app.id}/portal-settings`)).json();
    expect(initial).toEqual({
      applicationId: app.id,
      branding: { displayName: null, logoUrl: null, primaryColor: null, colorScheme: null, hideFooter: null },
      effectiveBranding: { displayName: "Globex", logoUrl: null, primaryColor: "#0f766e", colorScheme: "auto", hideFooter: false, buttonTextColor: "#ffffff" },
      updatedAt: null,
    });

    const patched = await mgmt.patch(`/applications/${app.id}/portal-settings`, { branding: { primaryColor: "#FACC15", colorScheme: "dark", hideFooter: true } });
    expect(patched.status()).toBe(200);
    expect((await patched.json()).effectiveBranding).toEqual({
      displayName: "Globex", logoUrl: null, primaryColor: "#facc15", colorScheme: "dark", hideFooter: true, buttonTextColor: "#000000",
    });
    // null = inherit again, field by field.
    const inherit = await (await mgmt.patch(`/applications/${app.id}/portal-settings`, { branding: { colorScheme: null } })).json();
    expect(inherit.branding).toMatchObject({ primaryColor: "#facc15", colorScheme: null, hideFooter: true });
    expect(inherit.effectiveBranding.colorScheme).toBe("auto");
    expect(await db.auditLog.count({ where: { workspaceId: ws.workspaceId, action: "application.portal_branding_updated", resourceId: app.id } })).toBe(2);

    await expectError(await mgmt.patch(`/applications/${app.id}/portal-settings`, { branding: { primaryColor: "teal" } }), 400, "validation_error");
    await expectError(await mgmt.patch(`/applications/${app.id}/portal-settings`, {}), 400, "validation_error");

    const removed = await mgmt.delete(`/applications/${app.id}/portal-settings`);
    expect(removed.status()).toBe(204);
    expect((await (await mgmt.get(`/applications/${app.id}/portal-settings`)).json()).effectiveBranding.primaryColor).toBe("#0f766e");
    expect((await mgmt.delete(`/applications/${app.id}/portal-settings`)).status()).toBe(204);

    // Another workspace's application is simply not found, for every verb.
    const other = managementClient(request, await newWorkspace("pro"));
    await expectError(await other.get(`/applications/${app.id}/portal-settings`), 404, "not_found");
    await expectError(await other.patch(`/applications/${app.id}/portal-settings`, { branding: { primaryColor: "#000000" } }), 404, "not_found");
    await expectError(await other.delete(`/applications/${app.id}/portal-settings`), 404, "not_found");
    expect(await db.applicationPortalBranding.count({ where: { applicationId: app.id } })).toBe(0);
  });

  test("portal answers carry frame-ancestors from the allowed origins, 'none' when the list is empty", async ({ mgmt, request, playwright, baseURL }) => {
    const app = await createApp(mgmt);
    const open = async () => {
      const context = await playwright.request.newContext({ baseURL });
      const link = await portalLink(mgmt, app.id);
      // The link's page (GET) carries the policy; its POST is the exchange.
      const shown = await context.get(new URL(link.url).pathname, { maxRedirects: 0 });
      const exchange = await context.post(new URL(link.url).pathname, { maxRedirects: 0, headers: { "sec-fetch-site": "same-origin" } });
      expect(exchange.status()).toBe(303);
      const page = await context.get("/portal");
      expect(page.status()).toBe(200);
      const frameAncestors = (shown.headers()["content-security-policy"] ?? "").split("; ").find((d) => d.startsWith("frame-ancestors"));
      const csp = { link: frameAncestors, page: page.headers()["content-security-policy"] };
      await context.dispose();
      return csp;
    };
    expect(await open()).toEqual({ link: "frame-ancestors 'none'", page: "frame-ancestors 'none'" });
    await mgmt.patch("/portal-settings", { embedding: { allowedOrigins: ["https://app.example.com", "http://localhost:5173"] } });
    const listed = "frame-ancestors https://app.example.com http://localhost:5173";
    expect(await open()).toEqual({ link: listed, page: listed });
    // Unknown links and requests without a session cannot name a workspace: refused.
    expect((await request.get(`/s/${"A".repeat(43)}`, { maxRedirects: 0 })).headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect((await request.get("/portal", { maxRedirects: 0 })).headers()["content-security-policy"]).toBe("frame-ancestors 'none'");
    // Except the static "session ended" page, so a session that ends inside a frame can say so.
    expect((await request.get("/portal/ended")).headers()["content-security-policy"]).toBe("frame-ancestors *");
  });

  test("the session cookie is partitioned only when the link is opened inside a frame", async ({ mgmt, request }) => {
    const app = await createApp(mgmt);
    // The exchange is the POST the link's page makes; its Sec-Fetch-Dest says where the page is.
    const top = await request.post(new URL((await portalLink(mgmt, app.id)).url).pathname, { maxRedirects: 0, headers: { "sec-fetch-dest": "document", "sec-fetch-site": "same-origin" } });
    const topCookie = top.headers()["set-cookie"].toLowerCase();
    expect(topCookie).toContain("samesite=lax");
    expect(topCookie).not.toContain("partitioned");
    expect(topCookie).not.toContain("secure");

    const framed = await request.post(new URL((await portalLink(mgmt, app.id)).url).pathname, { maxRedirects: 0, headers: { "sec-fetch-dest": "iframe", "sec-fetch-site": "same-origin" } });
    expect(framed.status()).toBe(303);
    const attrs = framed.headers()["set-cookie"].split(/;\s*/).slice(1).map((a) => a.toLowerCase());
    expect(attrs).toEqual(expect.arrayContaining(["path=/portal", "httponly", "secure", "samesite=none", "partitioned"]));
  });
});
