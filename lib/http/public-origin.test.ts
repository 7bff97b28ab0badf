import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { reloadConfig } from "@/lib/config";
import { isHttps, portalBaseUrl, portalOrigins, publicOrigin } from "./public-origin";

const req = (headers: Record<string, string>) => new Request("http://internal:3000/x", { headers });
const none = { NAHOOK_PUBLIC_URL: undefined, PORTAL_BASE_URL: undefined, NAHOOK_TRUST_PROXY_HOPS: undefined };

describe("publicOrigin", () => {
  afterEach(() => reloadConfig(none));

  test("by default forwarded headers are ignored: the Host header over http", () => {
    reloadConfig(none);
    const forged = req({ host: "api.acme.test", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    assert.equal(publicOrigin(forged), "http://api.acme.test");
    assert.equal(isHttps(forged), false);
    assert.deepEqual(portalOrigins(forged), ["http://api.acme.test"]);
    // A Host that is no host at all does not become part of an origin.
    assert.equal(publicOrigin(req({ host: "a b" })), "http://localhost");
  });

  test("with one trusted proxy, the value it wrote (the last one) counts, not what the client sent", () => {
    reloadConfig({ ...none, NAHOOK_TRUST_PROXY_HOPS: "1" });
    const proxied = req({ host: "internal:3000", "x-forwarded-host": "evil.example, api.acme.test", "x-forwarded-proto": "http, https" });
    assert.equal(publicOrigin(proxied), "https://api.acme.test");
    assert.equal(isHttps(proxied), true);
    assert.equal(publicOrigin(req({ host: "internal:3000", "x-forwarded-host": "a b", "x-forwarded-proto": "javascript" })), "http://internal:3000");
    reloadConfig({ ...none, NAHOOK_TRUST_PROXY_HOPS: "2" });
    assert.equal(publicOrigin(req({ host: "internal", "x-forwarded-host": "evil.example, api.acme.test, lb.internal" })), "http://api.acme.test");
  });

  test("NAHOOK_PUBLIC_URL and PORTAL_BASE_URL win over any header", () => {
    reloadConfig({ ...none, NAHOOK_TRUST_PROXY_HOPS: "1", NAHOOK_PUBLIC_URL: "https://api.acme.test/", PORTAL_BASE_URL: "https://portal.acme.test" });
    const forged = req({ host: "evil.example", "x-forwarded-host": "evil.example" });
    assert.equal(publicOrigin(forged), "https://api.acme.test");
    assert.equal(portalBaseUrl(forged), "https://portal.acme.test");
    assert.deepEqual(portalOrigins(forged), ["https://api.acme.test", "https://portal.acme.test"]);
    assert.equal(isHttps(forged), true);
  });

  test("bad settings are refused by the configuration", () => {
    assert.throws(() => reloadConfig({ ...none, NAHOOK_TRUST_PROXY_HOPS: "many" }), /NAHOOK_TRUST_PROXY_HOPS/);
    assert.throws(() => reloadConfig({ ...none, NAHOOK_PUBLIC_URL: "javascript://evil.example" }), /NAHOOK_PUBLIC_URL/);
  });
});
