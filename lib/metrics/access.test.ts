import assert from "node:assert/strict";
import { test } from "node:test";
import { metricsAccess } from "./access";

const TOKEN = "metrics-token-0123456789";

test("metrics access: no token configured → 404 whatever the request says", () => {
  assert.equal(metricsAccess(undefined, undefined), 404);
  assert.equal(metricsAccess(`Bearer ${TOKEN}`, undefined), 404);
});

test("metrics access: the configured bearer token → 200; anything else → 401", () => {
  assert.equal(metricsAccess(`Bearer ${TOKEN}`, TOKEN), 200);
  assert.equal(metricsAccess(`bearer ${TOKEN}`, TOKEN), 200);
  assert.equal(metricsAccess(undefined, TOKEN), 401);
  assert.equal(metricsAccess("", TOKEN), 401);
  assert.equal(metricsAccess(`Bearer ${TOKEN}x`, TOKEN), 401);
  assert.equal(metricsAccess(`Bearer ${TOKEN.slice(1)}`, TOKEN), 401);
  assert.equal(metricsAccess(`Basic ${TOKEN}`, TOKEN), 401);
  assert.equal(metricsAccess(`Bearer ${TOKEN} extra`, TOKEN), 401);
});
