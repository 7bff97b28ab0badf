import { expect, test } from "../support/fixtures";
import { createApp, createAppEndpoint, portalApiSession, portalLink } from "../support/portal";

const EVIL = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "javascript" };

test.describe("forwarded headers are not trusted unless configured", () => {
  test("the OpenAPI document's server is not taken from X-Forwarded-*", async ({ request, baseURL }) => {
    const res = await request.get("/management/v1/openapi.json", { headers: EVIL });
    expect(res.status()).toBe(200);
    const doc = await res.json();
    expect(doc.servers).toEqual([{ url: new URL(baseURL!).origin }]);
    expect(await res.text()).not.toContain("evil.example");
    // Without NAHOOK_PUBLIC_URL the server URL follows Host: caches must key on it.
    expect(res.headers()["vary"]).toContain("Host");
  });

  test("portal links, the /s redirect and the portal's Origin check ignore X-Forwarded-Host", async ({ ws, mgmt, request, baseURL, playwright }) => {
    const app = await createApp(mgmt);
    const res = await request.post(`${mgmt.base}/applications/${app.id}/portal`, { headers: { authorization: `Bearer ${ws.managementToken}`, ...EVIL }, data: {} });
    const link = await res.json();
    expect(link.url.startsWith(`${new URL(baseURL!).origin}/s/`)).toBe(true);

    const opened = await request.post(link.url, { maxRedirects: 0, headers: { "sec-fetch-site": "same-origin", ...EVIL } });
    expect(opened.status()).toBe(303);
    expect(opened.headers()["location"]).toBe("/portal");

    const endpoint = await createAppEndpoint(mgmt, app.id, { url: "https://example.com/hook" });
    const portal = await portalApiSession(playwright, baseURL!, mgmt, app.id, "admin");
    const forged = await portal.patch(`/portal/api/endpoints/${endpoint.id}`, { headers: { origin: "http://evil.example", ...EVIL }, data: { description: "forged" } });
    expect(forged.status()).toBe(403);
    const genuine = await portal.patch(`/portal/api/endpoints/${endpoint.id}`, { headers: { origin: new URL(baseURL!).origin, ...EVIL }, data: { description: "mine" } });
    expect(genuine.status()).toBe(200);
    await portal.dispose();
    expect((await portalLink(mgmt, app.id)).url).not.toContain("evil");
  });
  // The helper itself (trusted hops, NAHOOK_PUBLIC_URL, PORTAL_BASE_URL) is unit-tested in lib/http/public-origin.test.ts.
});
