import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DESTINATION_NOT_ALLOWED, refusalFor, sendHttp } from "./sender";

/** Runs `fn` with console.error captured (refusals log their detail there). */
function captureLog(fn: () => void): string[] {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  try {
    fn();
  } finally {
    console.error = original;
  }
  return lines;
}

// Unit tests run with the production default: private networks are not allowed. Nothing here
// opens a connection: every request is refused or rejected before one would be made. (Sends to
// a real receiver are in e2e/api/delivery-ssrf.spec.ts and the delivery specs.)

describe("refusalFor", () => {
  test("private addresses are refused with a generic message; host and address go to the server log only", () => {
    const refused = ["10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "224.0.0.1", "240.0.0.1", "198.18.0.1",
      "127.0.0.1", "0.0.0.0", "::1", "::", "fd00::1", "fe80::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:a9fe:a9fe", "64:ff9b::7f00:1", "2002:7f00:1::1"];
    const logged = captureLog(() => {
      for (const address of refused) assert.equal(refusalFor(address, "hooks.example.com"), DESTINATION_NOT_ALLOWED);
    });
    assert.equal(DESTINATION_NOT_ALLOWED, "Destination not allowed");
    for (const address of refused) assert.ok(logged.some((line) => line.includes(`hooks.example.com resolves to a private or reserved address (${address})`)), address);
  });

  test("public addresses may be contacted", () => {
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"]) assert.equal(refusalFor(address), null, address);
  });

  test("without a host name the address names itself (in the log)", () => {
    const logged = captureLog(() => assert.equal(refusalFor("10.0.0.1"), DESTINATION_NOT_ALLOWED));
    assert.match(logged.join("\n"), /10\.0\.0\.1 resolves to a private or reserved address \(10\.0\.0\.1\)/);
  });
});

describe("sendHttp without sending", () => {
  const post = (url: string) => sendHttp({ url, headers: { "content-type": "application/json" }, body: "{}", timeoutMs: 3_000 });

  test("a literal private address is refused before connecting, however it is written", async () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "0.0.0.0", "10.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "2130706433", "0x7f.0.0.1", "169.254.169.254"]) {
      const result = await post(`http://${host}:9/`);
      assert.equal(result.ok, false, host);
      assert.equal(result.refused, true, host);
      assert.equal(result.statusCode, null);
      assert.equal(result.headers, null);
      assert.equal(result.body, null);
      assert.equal(result.errorMessage, DESTINATION_NOT_ALLOWED);
    }
  });

  test("non-HTTP schemes and malformed URLs fail without a request, and are not refusals", async () => {
    for (const [url, message] of [
      ["ftp://example.com/", /^Unsupported URL scheme ftp:$/],
      ["file:///etc/passwd", /^Unsupported URL scheme file:$/],
      ["not a url", /^Invalid URL: not a url$/],
      ["", /^Invalid URL: $/],
    ] as const) {
      const result = await post(url);
      assert.equal(result.ok, false, url);
      assert.equal(result.refused, false, url);
      assert.equal(result.statusCode, null);
      assert.match(result.errorMessage!, message);
      assert.ok(result.durationMs >= 0);
    }
  });
});
