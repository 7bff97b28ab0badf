import assert from "node:assert/strict";
import { test } from "node:test";
import { isValidHostHeader } from "./host";

test("Host headers: names, IPs and ports pass; anything a URL cannot be built from does not", () => {
  for (const host of ["localhost", "127.0.0.1:3000", "api.acme.test", "[::1]:8080", "my_service:80", "example.com."]) assert.equal(isValidHostHeader(host), true, host);
  for (const host of ["a b", "evil.example/x", "a@b", "[zz", "a:b:c", "", "x".repeat(300)]) assert.equal(isValidHostHeader(host), false, host);
  assert.equal(isValidHostHeader(undefined), true);
});
