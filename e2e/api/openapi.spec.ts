import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, expectError, test } from "../support/fixtures";
import { operations } from "@/lib/api/management";
import { fullPath, isIngestion } from "@/lib/api/openapi";

interface Doc {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, { operationId: string; tags: string[]; parameters: { name: string; in: string }[]; responses: Record<string, unknown>; security: unknown[] }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  tags: { name: string }[];
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Every Management API route file, as `METHOD /template` strings. */
function routeFiles(): string[] {
  const root = path.join(process.cwd(), "app", "management", "v1", "workspaces");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const template = "/" + path.relative(path.join(process.cwd(), "app"), dir).split(path.sep).map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/");
        const source = readFileSync(full, "utf8");
        for (const method of METHODS) if (new RegExp(`export (const|async function|function) ${method}\\b`).test(source)) found.push(`${method} ${template}`);
      }
    }
  };
  walk(root);
  return found.sort();
}

test.describe("OpenAPI document", () => {
  test("is served without auth and describes every route of the server", async ({ request }) => {
    const res = await request.get("/management/v1/openapi.json");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("application/json");
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const documented = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith("/management/"))
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    // The registry, the document and the route files agree: nothing undocumented, nothing phantom.
    expect(documented).toEqual(routeFiles());
    expect(documented).toEqual(operations.filter((op) => !isIngestion(op)).map((op) => `${op.method} ${fullPath(op)}`).sort());
    for (const id of ["A1", "A7", "E1", "E5", "T2", "S3", "D1", "D3", "V1", "V2", "V3", "V4", "V5", "V6", "V7", "L1"]) expect(JSON.stringify(doc.paths)).toContain(`"operationId":"${id}"`);
  });

  test("is internally consistent: unique ids, declared path params, resolvable refs, error envelope, security", async ({ request }) => {
    const doc = (await (await request.get("/management/v1/openapi.json")).json()) as Doc;
    const ids = new Set<string>();
    const tagNames = new Set(doc.tags.map((t) => t.name));
    for (const [p, methods] of Object.entries(doc.paths)) {
      const pathParams = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(methods)) {
        expect(ids.has(op.operationId), `duplicate ${op.operationId}`).toBe(false);
        ids.add(op.operationId);
        expect(op.parameters.filter((x) => x.in === "path").map((x) => x.name).sort(), `${method} ${p}`).toEqual(pathParams);
        expect(op.tags.every((t) => tagNames.has(t))).toBe(true);
        expect(op.security).toEqual([{ [p.startsWith("/api/") ? "ingestionKey" : "managementToken"]: [] }]);
        const statuses = Object.keys(op.responses);
        expect(statuses.some((s) => s.startsWith("2"))).toBe(true);
        for (const s of ["401", "403", "404"]) expect(statuses, `${method} ${p}`).toContain(s);
      }
    }
    const text = JSON.stringify(doc);
    for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas[name], name).toBeDefined();
    expect(text).not.toContain("$defs");
    expect(doc.components.securitySchemes.managementToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.schemas.Error).toMatchObject({ required: ["error"] });
  });

  test("carries the contract's details: bodies, query types, limits, response shapes", async ({ request }) => {
    const doc = (await (await request.get("/management/v1/openapi.json")).json()) as Doc & { paths: Record<string, Record<string, any>> };
    const base = "/management/v1/workspaces/{workspaceId}";
    const create = doc.paths[`${base}/environments`].post;
    expect(create.responses["201"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Environment" });
    expect(create.requestBody.required).toBe(true);
    expect(create.requestBody.content["application/json"].schema.required).toEqual(["name", "slug"]);
    expect(create.requestBody.content["application/json"].schema.properties.slug).toMatchObject({ type: "string", maxLength: 64 });
    expect(create["x-error-codes"]).toEqual(expect.arrayContaining(["conflict", "forbidden", "validation_error", "payload_too_large"]));
    expect(doc.paths[`${base}/environments`].get.responses["200"].content["application/json"].schema).toEqual({ type: "array", items: { $ref: "#/components/schemas/Environment" } });
    expect(doc.paths[`${base}/environments/{envId}`].delete.responses["204"]).toMatchObject({ description: "No content", headers: { "X-RateLimit-Remaining": { schema: { type: "integer" } } } });
    expect(create.responses["429"].headers["Retry-After"]).toMatchObject({ schema: { type: "integer" } });
    expect(doc.paths[`${base}/environments/{envId}`].delete.responses["409"]).toBeDefined();

    const audit = doc.paths[`${base}/audit-logs`].get;
    const page = audit.parameters.find((p: { name: string }) => p.name === "page");
    expect(page).toMatchObject({ in: "query", required: false, schema: { type: "integer", minimum: 1 } });
    expect(audit.parameters.find((p: { name: string }) => p.name === "from").schema).toMatchObject({ type: "string", format: "date-time" });
    expect(audit.responses["200"].content["application/json"].schema.required).toEqual(["data", "total", "page", "pageSize"]);

    const app = doc.paths[`${base}/applications`].post;
    expect(app.requestBody.content["application/json"].schema.properties.metadata).toMatchObject({ maxProperties: 5 });
    expect(app["x-error-codes"]).toContain("plan_required");
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Error", "Application", "Environment", "EventTypeVisibility", "AuditLog"]));
  });

  test("wrong methods and unknown paths answer with the envelope", async ({ request, ws }) => {
    const base = `/management/v1/workspaces/${ws.workspaceId}`;
    const wrong = await request.delete(`${base}/environments`);
    expect(wrong.headers()["allow"]).toBe("GET, HEAD, POST");
    await expectError(wrong, 405, "method_not_allowed");
    await expectError(await request.post(`${base}/audit-logs`, { data: {} }), 405, "method_not_allowed");
    await expectError(await request.put("/management/v1/openapi.json", { data: {} }), 405, "method_not_allowed");
    await expectError(await request.get(`${base}/nothing-here`), 404, "not_found");
    await expectError(await request.post("/management/v1/workspaces"), 404, "not_found");
    await expectError(await request.get("/management/v1/"), 404, "not_found");
  });
});
