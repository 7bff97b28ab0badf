import { isHttps, portalBaseUrl, portalOrigins, publicOrigin } from "@/lib/http/public-origin";
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

  test("the one origin helper: public URL, trusted hops, Host", () => {
    const saved = { ...process.env };
    const req = (headers: Record<string, string>) => new Request("http://internal:3000/x", { headers });
    try {
      delete process.env.NAHOOK_PUBLIC_URL;
      delete process.env.PORTAL_BASE_URL;
      delete process.env.NAHOOK_TRUST_PROXY_HOPS;
      const forged = req({ host: "api.acme.test", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
      expect(publicOrigin(forged)).toBe("http://api.acme.test");
      expect(isHttps(forged)).toBe(false);

      // One trusted proxy: the value it wrote (the last one) counts, not what the client sent before it.
      process.env.NAHOOK_TRUST_PROXY_HOPS = "1";
      const proxied = req({ host: "internal:3000", "x-forwarded-host": "evil.example, api.acme.test", "x-forwarded-proto": "http, https" });
      expect(publicOrigin(proxied)).toBe("https://api.acme.test");
      expect(isHttps(proxied)).toBe(true);
      // Garbage from the proxy falls back to Host rather than producing a broken origin.
      expect(publicOrigin(req({ host: "internal:3000", "x-forwarded-host": "a b", "x-forwarded-proto": "javascript" }))).toBe("http://internal:3000");

      process.env.NAHOOK_PUBLIC_URL = "https://api.acme.test/";
      process.env.PORTAL_BASE_URL = "https://portal.acme.test";
      expect(publicOrigin(proxied)).toBe("https://api.acme.test");
      expect(portalBaseUrl(forged)).toBe("https://portal.acme.test");
      expect(portalOrigins(forged)).toEqual(["https://api.acme.test", "https://portal.acme.test"]);
      expect(isHttps(forged)).toBe(true);

      delete process.env.NAHOOK_PUBLIC_URL;
      process.env.NAHOOK_TRUST_PROXY_HOPS = "many";
      expect(() => publicOrigin(req({}))).toThrow(/NAHOOK_TRUST_PROXY_HOPS/);
    } finally {
      for (const key of ["NAHOOK_PUBLIC_URL", "PORTAL_BASE_URL", "NAHOOK_TRUST_PROXY_HOPS"]) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });
});
