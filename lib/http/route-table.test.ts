import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { operations } from "@/lib/api/management";
import type { Operation } from "@/lib/api/operation";
import { allowedMethods, allowedMethodsOf, MANAGEMENT_BASE, matchOperations, matchTemplate } from "./route-table";

const op = (method: Operation["method"], opPath: string, surface?: Operation["surface"]): Operation => ({
  id: `${method} ${opPath}`, method, path: opPath, summary: "", tag: "test", status: 200, ...(surface ? { surface } : {}),
});
const WS = "/management/v1/workspaces/ws_1";

describe("matchTemplate", () => {
  test("literal segments must be equal; a parameter takes one non-empty segment, still encoded", () => {
    assert.deepEqual(matchTemplate("/a/{id}/b", "/a/x%20y/b"), { id: "x%20y" });
    assert.deepEqual(matchTemplate("/a/{id}/{sub}", "/a/1/2"), { id: "1", sub: "2" });
    assert.deepEqual(matchTemplate("/a/b", "/a/b"), {});
    assert.equal(matchTemplate("/a/{id}/b", "/a/x/c"), null);
    assert.equal(matchTemplate("/a/{id}/b", "/a//b"), null);
    assert.equal(matchTemplate("/a/{id}", "/A/x"), null);
  });

  test("trailing slashes are ignored; a different number of segments never matches", () => {
    assert.deepEqual(matchTemplate("/a/{id}", "/a/x/"), { id: "x" });
    assert.deepEqual(matchTemplate("/a/{id}", "/a/x///"), { id: "x" });
    assert.equal(matchTemplate("/a/{id}", "/a"), null);
    assert.equal(matchTemplate("/a/{id}", "/a/x/y"), null);
  });
});

describe("matchOperations", () => {
  const ingest = [op("POST", "/api/ingest/{endpointId}"), op("POST", "/api/ingest/event/{eventType}"), op("POST", "/api/ingest/batch"), op("POST", "/api/ingest/event/batch")];

  test("the most specific template wins, as in Next's router", () => {
    assert.deepEqual(matchOperations("/api/ingest/event/batch", ingest).map((m) => m.op.path), ["/api/ingest/event/batch"]);
    assert.deepEqual(matchOperations("/api/ingest/batch", ingest).map((m) => m.op.path), ["/api/ingest/batch"]);
  });

  test("otherwise the parameterised route, with its parameters", () => {
    assert.deepEqual(matchOperations("/api/ingest/event/order.created", ingest), [{ op: ingest[1], params: { eventType: "order.created" } }]);
    assert.deepEqual(matchOperations("/api/ingest/ep_1", ingest), [{ op: ingest[0], params: { endpointId: "ep_1" } }]);
  });

  test("every method of the winning template is returned", () => {
    const ops = [op("GET", "/things/{id}"), op("DELETE", "/things/{id}"), op("GET", "/things/new")];
    assert.deepEqual(matchOperations("/things/t_1", ops).map((m) => m.op.method), ["GET", "DELETE"]);
    assert.deepEqual(matchOperations("/things/new", ops).map((m) => m.op.method), ["GET"]);
  });

  test("a base is put in front of every template", () => {
    assert.deepEqual(matchOperations("/v1/w/ws_1/things", [op("GET", "/things")], "/v1/w/{ws}"), [{ op: op("GET", "/things"), params: { ws: "ws_1" } }]);
  });

  test("no match: empty", () => {
    assert.deepEqual(matchOperations("/api/ingest", ingest), []);
    assert.deepEqual(matchOperations("/api/ingest/event/a/b", ingest), []);
    assert.deepEqual(matchOperations("/anything", []), []);
  });
});

describe("allowedMethodsOf", () => {
  test("sorted, HEAD with GET, null when nothing matched", () => {
    assert.deepEqual(allowedMethodsOf([{ op: op("POST", "/x") }, { op: op("GET", "/x") }]), ["GET", "HEAD", "POST"]);
    assert.deepEqual(allowedMethodsOf([{ op: op("PUT", "/x") }, { op: op("DELETE", "/x") }]), ["DELETE", "PUT"]);
    assert.equal(allowedMethodsOf([]), null);
  });
});

describe("allowedMethods (Management API, from the operation registry)", () => {
  test("collections and items", () => {
    assert.equal(MANAGEMENT_BASE, "/management/v1/workspaces/{workspaceId}");
    assert.deepEqual(allowedMethods(`${WS}/applications`, operations), ["GET", "HEAD", "POST"]);
    assert.deepEqual(allowedMethods(`${WS}/applications/`, operations), ["GET", "HEAD", "POST"]);
    assert.deepEqual(allowedMethods(`${WS}/applications/app_1`, operations), ["DELETE", "GET", "HEAD", "PATCH"]);
    assert.deepEqual(allowedMethods(`${WS}/endpoints/ep_1/subscriptions/evt_1`, operations), ["DELETE"]);
    assert.deepEqual(allowedMethods(`${WS}/environments/env_1/event-types/evt_1/visibility`, operations), ["PUT"]);
    assert.deepEqual(allowedMethods(`${WS}/deliveries/del_1/attempts`, operations), ["GET", "HEAD"]);
    assert.deepEqual(allowedMethods(`${WS}/endpoints/ep_1/secret/rotate`, operations), ["POST"]);
  });

  test("unknown paths, missing segments and ingestion paths: null", () => {
    for (const pathname of [
      `${WS}/no-such-collection`,
      `${WS}/applications/app_1/endpoints/extra/segments`,
      `${WS}/applications//endpoints`,
      WS,
      "/management/v1/workspaces/applications",
      "/management/v1/unknown",
      "/api/ingest/ep_1",
      `${WS}/api/ingest/ep_1`,
      `${WS}/api/ingest/batch`,
    ]) {
      assert.equal(allowedMethods(pathname, operations), null, pathname);
    }
  });

  test("every Management API route file is in the registry", () => {
    // The proxy answers 404/405 from the registry, so a route whose operation module is not imported
    // by lib/api/management/index.ts would be unreachable. Walk the route files to catch that.
    const root = path.join(process.cwd(), "app", "management", "v1", "workspaces");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === "route.ts") files.push(full);
      }
    };
    walk(root);
    assert.ok(files.length > 5, `route files found: ${files.length}`);
    for (const file of files) {
      const urlPath = "/management/v1/workspaces/" + path.relative(root, path.dirname(file)).split(path.sep).map((s) => (s.startsWith("[") ? "x" : s)).join("/");
      const exported = [...readFileSync(file, "utf8").matchAll(/export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b/g)].map((m) => m[1]);
      assert.ok(exported.length > 0, `${file} exports no method`);
      for (const method of exported) assert.ok((allowedMethods(urlPath, operations) ?? []).includes(method), `${method} ${urlPath} (${file})`);
    }
  });
});
