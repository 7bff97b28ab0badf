import { db, expect, test } from "../support/fixtures";
import { createApp, portalCall, portalLink, screenshots, signIn } from "../support/portal";
import { hashSecret } from "@/lib/auth/secrets";

function cookieAttributes(setCookie: string | undefined) {
  expect(setCookie).toBeTruthy();
  const [pair, ...attrs] = setCookie!.split(/;\s*/);
  return { name: pair.split("=")[0], value: pair.slice(pair.indexOf("=") + 1), attrs: attrs.map((a) => a.toLowerCase()) };
}

test.describe("portal links and sessions", () => {
  test("a link works once; the second use gets the expired-or-used page", async ({ page, mgmt, browser }) => {
    const app = await createApp(mgmt);
    const link = await portalLink(mgmt, app.id, { role: "viewer" });
    await page.goto(link.url);
    await expect(page).toHaveURL(/\/portal$/);

    const other = await browser.newContext();
    const second = await other.newPage();
    const response = await second.goto(link.url);
    expect(response!.status()).toBe(410);
    await expect(second.getByRole("heading", { level: 1 })).toHaveText("This link has expired or was already used");
    await expect(second.getByText("open the Developer Portal again")).toBeVisible();
    await screenshots(second, "link-expired");
    await other.close();
  });

  test("two simultaneous exchanges of one code: exactly one wins", async ({ request, mgmt }) => {
    const app = await createApp(mgmt);
    const link = await portalLink(mgmt, app.id);
    // The POST the link's page makes is the exchange (GET only shows that page).
    const results = await Promise.all(Array.from({ length: 8 }, () => request.post(link.url, { maxRedirects: 0, headers: { "sec-fetch-site": "same-origin" } })));
    expect(results.map((r) => r.status()).sort()).toEqual([303, 410, 410, 410, 410, 410, 410, 410]);
    const code = await db.portalCode.findUniqueOrThrow({ where: { codeHash: hashSecret(link.code) } });
    expect(await db.portalSession.count({ where: { codeId: code.id } })).toBe(1);
  });

  test("expired, unknown and malformed codes all get the same 410 page", async ({ request, mgmt }) => {
    const app = await createApp(mgmt);
    const link = await portalLink(mgmt, app.id);
    await db.portalCode.update({ where: { codeHash: hashSecret(link.code) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const bodies = new Set<string>();
    for (const path of [new URL(link.url).pathname, `/s/${"A".repeat(43)}`, "/s/abc", "/s/%00%2F..", "/s/%E0%A4%A", `/s/${"x".repeat(300)}`]) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(410);
      expect(res.headers()["cache-control"]).toBe("no-store");
      expect(res.headers()["set-cookie"]).toBeUndefined();
      bodies.add(await res.text());
    }
    expect(bodies.size).toBe(1);
    // The expired code was not consumed by the attempt (nothing to consume), and no session exists.
    expect(await db.portalSession.count({ where: { applicationId: app.id } })).toBe(0);
  });

  test("the cookie is sealed, HttpOnly, SameSite=Lax, scoped to /portal; not Secure over plain http", async ({ request, mgmt }) => {
    const app = await createApp(mgmt);
    const plain = await request.post((await portalLink(mgmt, app.id)).url, { maxRedirects: 0, headers: { "sec-fetch-site": "same-origin" } });
    expect(plain.status()).toBe(303);
    expect(plain.headers()["location"]).toBe("/portal");
    const cookie = cookieAttributes(plain.headers()["set-cookie"]);
    expect(cookie.name).toBe("nahook_portal");
    expect(cookie.attrs).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/portal"]));
    expect(cookie.attrs).not.toContain("secure");
    const session = await db.portalSession.findFirstOrThrow({ where: { applicationId: app.id } });
    expect(decodeURIComponent(cookie.value)).not.toContain(session.id);
    const maxAge = Number(cookie.attrs.find((a) => a.startsWith("max-age="))!.split("=")[1]);
    expect(maxAge).toBeGreaterThan(59 * 60);
    expect(maxAge).toBeLessThanOrEqual(60 * 60);

    // A client claiming https through X-Forwarded-Proto is not believed (no trusted proxy hops in
    // tests); lib/http/public-origin is checked with a trusted proxy in forwarded-headers.spec.ts.
    const forged = await request.post((await portalLink(mgmt, app.id)).url, { maxRedirects: 0, headers: { "sec-fetch-site": "same-origin", "x-forwarded-proto": "https" } });
    expect(cookieAttributes(forged.headers()["set-cookie"]).attrs).not.toContain("secure");
  });

  test("an expired session lands on the session-ended page and its API calls are 401", async ({ page, mgmt, baseURL }) => {
    const app = await createApp(mgmt);
    await signIn(page, mgmt, app.id, "admin");
    await db.portalSession.updateMany({ where: { applicationId: app.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await page.goto("/portal/deliveries");
    await expect(page).toHaveURL(/\/portal\/ended$/);
    await expect(page.getByRole("heading", { name: "Your session has ended" })).toBeVisible();
    await screenshots(page, "session-ended");
    const res = await portalCall(page, baseURL!).post("/portal/api/endpoints", { url: "https://example.com/x" });
    expect(res.status()).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  });

  test("leaving the paid plans ends open sessions and unused links; so does deleting the application", async ({ page, mgmt, ws, baseURL, request }) => {
    const app = await createApp(mgmt);
    await signIn(page, mgmt, app.id, "admin");
    const unused = await portalLink(mgmt, app.id);
    await db.workspace.update({ where: { id: ws.workspaceId }, data: { plan: "free" } });
    await page.goto("/portal/deliveries");
    await expect(page).toHaveURL(/\/portal\/ended$/);
    const res = await portalCall(page, baseURL!).post("/portal/api/endpoints", { url: "https://example.com/x" });
    expect(res.status()).toBe(401);
    expect((await request.post(unused.url, { maxRedirects: 0, headers: { "sec-fetch-site": "same-origin" } })).status()).toBe(410);
    expect(await db.endpoint.count({ where: { workspaceId: ws.workspaceId } })).toBe(0);

    // Back on a paid plan: a new link works, until the application is deleted under the session.
    await db.workspace.update({ where: { id: ws.workspaceId }, data: { plan: "pro" } });
    await signIn(page, mgmt, app.id, "admin");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect((await mgmt.delete(`/applications/${app.id}`)).status()).toBe(204);
    await page.goto("/portal/deliveries");
    await expect(page).toHaveURL(/\/portal\/ended$/);
  });

  test("a session lives as long as the operator asked (expiresInMinutes)", async ({ page, mgmt }) => {
    const app = await createApp(mgmt);
    const link = await portalLink(mgmt, app.id, { expiresInMinutes: 1 });
    await page.goto(link.url);
    await expect(page).toHaveURL(/\/portal$/);
    const session = await db.portalSession.findFirstOrThrow({ where: { applicationId: app.id } });
    expect(session.expiresAt.toISOString()).toBe(link.expiresAt);
    await expect(page.getByTestId("session-expiry")).toContainText("1 min left");
  });

  test("sign-out revokes the session for good", async ({ page, mgmt, baseURL }) => {
    const app = await createApp(mgmt);
    await signIn(page, mgmt, app.id, "editor");
    const cookies = await page.context().cookies();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/portal\/ended\?reason=signed-out$/);
    await expect(page.getByRole("heading", { name: "You're signed out" })).toBeVisible();
    const session = await db.portalSession.findFirstOrThrow({ where: { applicationId: app.id } });
    expect(session.revokedAt).not.toBeNull();
    expect((await page.context().cookies()).find((c) => c.name === "nahook_portal")).toBeUndefined();

    // Even a copy of the old cookie is useless now.
    await page.context().addCookies(cookies);
    await page.goto("/portal");
    await expect(page).toHaveURL(/\/portal\/ended$/);
    expect((await portalCall(page, baseURL!).post("/portal/api/endpoints", { url: "https://example.com/x" })).status()).toBe(401);
    const audit = await db.auditLog.findMany({ where: { resourceId: app.id, actorType: "portal_session" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["portal_session.opened", "portal_session.revoked"]);
  });

  test("without a cookie every portal page sends you to the session-ended page", async ({ page }) => {
    for (const path of ["/portal", "/portal/deliveries", "/portal/endpoints/new", "/portal/event-types"]) {
      await page.goto(path);
      await expect(page, path).toHaveURL(/\/portal\/ended$/);
    }
    await page.context().addCookies([{ name: "nahook_portal", value: "forged-value", url: page.url() }]);
    await page.goto("/portal");
    await expect(page).toHaveURL(/\/portal\/ended$/);
  });
});
