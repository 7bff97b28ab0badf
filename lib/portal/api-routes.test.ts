import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { PORTAL_API_ROUTES, portalApiMethods } from "./api-routes";

/** Every app/portal/api/**\/route.ts as a template (`[id]` → `{id}`) with the methods it exports. */
function routeFiles(): Map<string, string[]> {
  const root = path.join(process.cwd(), "app/portal/api");
  const out = new Map<string, string[]>();
  for (const file of readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("route.ts"))) {
    const template = `/portal/api/${path.dirname(file)}`.replace(/\[([^\]]+)\]/g, "{$1}").replace(/\/\.$/, "");
    const source = readFileSync(path.join(root, file), "utf8");
    const methods = [...source.matchAll(/export (?:async function|function|const) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]).sort();
    out.set(template, methods);
  }
  return out;
}

describe("portal API routes", () => {
  test("the table lists exactly the route files and the methods they export", () => {
    const table = new Map(PORTAL_API_ROUTES.map((r) => [r.path, [...r.methods].sort()]));
    assert.deepEqual(Object.fromEntries([...table].sort()), Object.fromEntries([...routeFiles()].sort()));
  });

  test("a concrete path gets its route's methods; HEAD comes with GET; unknown paths none", () => {
    assert.deepEqual(portalApiMethods("/portal/api/endpoints/ep_1"), ["DELETE", "PATCH"]);
    assert.deepEqual(portalApiMethods("/portal/api/deliveries/del_1/payload"), ["GET", "HEAD"]);
    assert.deepEqual(portalApiMethods("/portal/api/endpoints/ep_1/subscriptions/et_1"), ["DELETE", "PUT"]);
    assert.equal(portalApiMethods("/portal/api/nope"), null);
    assert.equal(portalApiMethods("/portal/api/endpoints/ep_1/unknown"), null);
  });
});
