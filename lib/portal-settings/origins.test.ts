import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { frameAncestorsDirective, normalizeFrameOrigin } from "./origins";

const ok = (input: string) => {
  const result = normalizeFrameOrigin(input);
  assert.ok("origin" in result, `${input}: ${"error" in result ? result.error : ""}`);
  return result.origin;
};
const refused = (input: string) => assert.ok("error" in normalizeFrameOrigin(input), `${input} must be refused`);

describe("frame origins", () => {
  test("normalised: lower case, default port and trailing slash dropped, IDN in punycode", () => {
    assert.equal(ok("HTTPS://App.Example.com/"), "https://app.example.com");
    assert.equal(ok("https://app.example.com:443"), "https://app.example.com");
    assert.equal(ok("https://app.example.com:8443"), "https://app.example.com:8443");
    assert.equal(ok("https://*.Example.com"), "https://*.example.com");
    assert.equal(ok("https://bücher.de"), "https://xn--bcher-kva.de");
    assert.equal(ok("http://localhost:5173"), "http://localhost:5173");
    assert.equal(ok("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
    assert.equal(ok("http://[::1]:3000"), "http://[::1]:3000");
  });

  test("anything but an origin is refused, so nothing else can reach the CSP header", () => {
    for (const input of [
      "http://app.example.com", "ftp://app.example.com", "app.example.com", "*", "'self'", "'none'", "https://*", "https://*.com",
      "https://*.*.example.com", "https://a.example.com/path", "https://a.example.com?x=1", "https://a.example.com/#x",
      "https://u:p@a.example.com", "https://a.example.com; script-src *", "https://a.example.com 'unsafe-inline'",
      "https://a..example.com", "https://-a.example.com", "javascript:alert(1)", "data:text/html,x", "",
    ]) refused(input);
  });

  test("the directive lists the origins, or 'none'", () => {
    assert.equal(frameAncestorsDirective([]), "frame-ancestors 'none'");
    assert.equal(frameAncestorsDirective(["https://a.example.com", "http://localhost:5173"]), "frame-ancestors https://a.example.com http://localhost:5173");
  });
});
