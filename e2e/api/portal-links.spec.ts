import { hashSecret } from "@/lib/auth/secrets";
import { db, expect, test } from "../support/fixtures";
import { createApp, portalLink } from "../support/portal";

const codeRow = (code: string) => db.portalCode.findUniqueOrThrow({ where: { codeHash: hashSecret(code) } });
const SAME_ORIGIN = { "sec-fetch-site": "same-origin" };

test.describe("one-time links survive link scanners, unfurlers and prefetches", () => {
  test("HEAD, a scanner's GET and a prefetch consume nothing; the page's POST does", async ({ request, mgmt }) => {
    const app = await createApp(mgmt);
    const link = await portalLink(mgmt, app.id, { role: "viewer" });

    const head = await request.head(link.url, { maxRedirects: 0 });
    expect(head.status()).toBe(200);
    expect(head.headers()["set-cookie"]).toBeUndefined();

    // What a link scanner or chat unfurler gets: a page, no cookie, and the code still unused.
    const get = await request.get(link.url, { maxRedirects: 0 });
    expect(get.status()).toBe(200);
    expect(get.headers()["set-cookie"]).toBeUndefined();
    expect(get.headers()["cache-control"]).toBe("no-store");
    expect(get.headers()["referrer-policy"]).toBe("no-referrer");
    const csp = get.headers()["content-security-policy"];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("form-action 'self'");
    const html = await get.text();
    expect(html).toMatch(/<form id="continue" method="post">/);
    expect(html).toContain("Continue to the Developer Portal");
    expect(html).toContain("<script>");
    expect(html).not.toContain(link.code);

    for (const headers of [{ "sec-purpose": "prefetch" }, { purpose: "prefetch" }, { "sec-purpose": "prefetch;prerender" }] as Record<string, string>[]) {
      const prefetch = await request.get(link.url, { maxRedirects: 0, headers });
      expect(prefetch.status()).toBe(200);
      // A prefetched copy never submits itself.
      expect(await prefetch.text()).not.toContain("<script>");
    }
    expect((await codeRow(link.code)).usedAt).toBeNull();
    expect(await db.portalSession.count({ where: { applicationId: app.id } })).toBe(0);

    const post = await request.post(link.url, { maxRedirects: 0, headers: SAME_ORIGIN });
    expect(post.status()).toBe(303);
    expect(post.headers()["location"]).toBe("/portal");
    expect(post.headers()["set-cookie"]).toContain("nahook_portal=");
    expect((await codeRow(link.code)).usedAt).not.toBeNull();

    // Used up: the link now shows the expired-or-used page, to GET and POST alike.
    expect((await request.get(link.url, { maxRedirects: 0 })).status()).toBe(410);
    expect((await request.post(link.url, { maxRedirects: 0, headers: SAME_ORIGIN })).status()).toBe(410);
  });

  test("a cross-site POST (login CSRF) is refused and leaves the code usable", async ({ request, mgmt }) => {
    const app = await createApp(mgmt);
    const link = await portalLink(mgmt, app.id);
    for (const headers of [{ "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }, { origin: "http://evil.example" }] as Record<string, string>[]) {
      const res = await request.post(link.url, { maxRedirects: 0, headers });
      expect(res.status(), JSON.stringify(headers)).toBe(403);
      expect(res.headers()["set-cookie"]).toBeUndefined();
    }
    expect((await codeRow(link.code)).usedAt).toBeNull();
    expect((await request.post(link.url, { maxRedirects: 0, headers: SAME_ORIGIN })).status()).toBe(303);
  });
});
