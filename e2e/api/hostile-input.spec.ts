import { z } from "zod";
import { db, expect, newWorkspace, test, type Workspace } from "../support/fixtures";
import { rawRequest, type RawRequest, type RawResponse } from "../support/raw-http";
import { rowCounts } from "../support/row-counts";
import { operations as registry } from "@/lib/api/management";
import type { Operation } from "@/lib/api/operation";
import { fullPath, isIngestion } from "@/lib/api/openapi";
import { newId } from "@/lib/ids";
import { MAX_JSON_DEPTH } from "@/lib/json/depth";
import { createEndpoint as createRawEndpoint, createEventType, startReceiver, subscribe, waitUntil } from "../support/delivery";

/**
 * Hundreds of malformed requests against every Management API operation in the registry (the
 * openapi spec checks that the registry covers every route file). Every one must be answered
 * with a 4xx and the error envelope, never a 5xx, and must leave the database as it was.
 * Cases are generated from the operations' own schemas with a fixed seed.
 */

// Thousands of requests: generous, so a machine shared with other builds does not time it out.
test.describe.configure({ timeout: 300_000 });

// The registry may also hold Ingestion API operations (nhk_ keys); this spec is about the Management API.
const operations = registry.filter((op) => !isIngestion(op));

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE"] as const;

/** A valid body per operation with a body: hostile cases mutate one thing at a time from it. */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  A2: { name: "ok" },
  A4: { name: "ok" },
  A7: { url: "https://example.com/hook" },
  P1: { role: "viewer" },
  P3: { branding: { displayName: "ok" } },
  P5: { branding: { colorScheme: "dark" } },
  E2: { url: "https://example.com/hook" },
  E4: { description: "ok" },
  T2: { name: "ok.created" },
  T4: { description: "ok" },
  S2: { eventTypeIds: ["evt_ok"] },
  V2: { name: "ok", slug: "ok-slug" },
  V4: { name: "ok" },
  V7: { published: true },
  E8: { since: "2026-01-01T00:00:00Z" },
  T7: { enabled: false },
};

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Path segments as sent on the wire (already percent-encoded where needed).
const HOSTILE_SEGMENTS = [
  "..%2F..%2Fetc%2Fpasswd", "..%5C..%5Cwindows", "%2e%2e%2f", "%2F", "%00", "a%00b", "%27%20OR%201%3D1--", "1%3BDROP%20TABLE%20workspaces",
  "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%F0%9F%94%A5%F0%9F%92%A9", "%E2%80%AE", "%C0%AF", "%ff%fe", "%", "%zz", "%%32%65",
  "x".repeat(101), "y".repeat(3000), "null", "undefined", "-1", "%20", "~", "%5B%5D", "%7B%7D", "%0D%0ASet-Cookie%3Ax%3D1",
  "ws_%09tab", "app_%E2%80%8B", "{envId}", "%24%7Bjndi%3Aldap%3A%2F%2Fx%7D",
];
// Dot segments, which the server resolves like any URL.
const DOT_SEGMENTS = [".", "..", "%2e", "%2e%2e"];

const BIG = (n: number) => "x".repeat(n);
const HOSTILE_VALUES: unknown[] = [
  null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, "", " ", "\u0000", "a\u0000b", "\u0000".repeat(10),
  BIG(65), BIG(101), BIG(256), BIG(1001), BIG(2049), BIG(100_000), "🔥".repeat(300), "'; DROP TABLE applications;--",
  "<img src=x onerror=alert(1)>", "../../etc/passwd", "1", "true", "null", [], ["a"], [null], [[[]]], {}, { a: 1 },
  { __proto__: { polluted: true } }, JSON.parse('{"__proto__":{"polluted":"yes"}}'), { constructor: { prototype: { x: 1 } } },
  Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, "v"])), { "a\u0000": "b" }, { a: "b\u0000" },
  // Unpaired UTF-16 surrogates: jsonb refuses their escapes.
  "\ud800", "a\udc00b", { "k\ud800": "v" }, { k: "\udbff" },
  // Dates PostgreSQL cannot take (it has no year 0000).
  "0000-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
];

const GARBAGE_BODIES: (string | Buffer)[] = [
  "{", '{"name":', "nul", "{'name':'x'}", '{"name":"x",}', "[1,2", '"\\u0000', '{"name":"x"}}', "NaN", "Infinity", "undefined",
  "<?xml version=\"1.0\"?><name>x</name>", "name=x&slug=y", "\ufeff{\"name\":\"x\"}", "{\"name\":\"x\"\u0000}", "\u0000",
  "[".repeat(50_000) + "]".repeat(50_000), '{"a":'.repeat(20_000) + "1" + "}".repeat(20_000), "1".repeat(200_000),
  Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
  Buffer.from([0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d]),
];

const WRONG_CONTENT_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "application/xml", "", "*/*"];

const QUERY_VALUES = [
  "abc", "-1", "0", "1.5", "1e3", "0x10", "9".repeat(30), "", "%00", "a%00b", "%27%20OR%201%3D1--", "%3Cscript%3E", "%F0%9F%94%A5",
  "x".repeat(4000), "%zz", "%", "2026-13-45T99:99:99Z", "2026-01-01", "null", "%5B%5D",
  "0000-01-01T00:00:00Z", "0001-01-01T00:00:00%2B14:00", "9999-12-31T23:59:59-14:00", "%ED%A0%80",
];

/** Nested objects and arrays, `levels` deep, as text (a value this deep would break JSON.stringify). */
function deepText(levels: number, random: () => number): string {
  let open = "";
  let close = "";
  for (let i = 0; i < levels; i++) {
    if (random() < 0.5) {
      open += '{"k":';
      close = "}" + close;
    } else {
      open += "[1,";
      close = "]" + close;
    }
  }
  return `${open}"leaf"${close}`;
}

interface Case {
  name: string;
  req: RawRequest;
  /** GETs whose hostile part is only a filter value may legitimately answer 200. */
  allowOk?: boolean;
  /** Dot segments may be answered with a redirect to the normalised path. */
  allowRedirect?: boolean;
}

interface Context {
  ws: Workspace;
  other: Workspace;
  ids: Record<string, string>;
}

function auth(ws: Workspace) {
  // Thousands of requests per token: lift the rate limit (test servers only) so every case
  // reaches the code it targets instead of a 429.
  return { authorization: `Bearer ${ws.managementToken}`, "x-nahook-test-rate-limit": "1000000" };
}

function pathOf(op: Operation, ids: Record<string, string>, override?: [string, string]): string {
  return fullPath(op).replace(/\{(\w+)\}/g, (_, name: string) => (override && override[0] === name ? override[1] : encodeURIComponent(ids[name] ?? `${name}_missing`)));
}

/** Real resources of the workspace, so hostile bodies reach the operations behind valid ids. */
async function seed(ws: Workspace): Promise<Record<string, string>> {
  const app = await db.application.create({ data: { id: newId("app"), workspaceId: ws.workspaceId, name: "seed" } });
  const env = await db.environment.create({ data: { id: newId("env"), workspaceId: ws.workspaceId, name: "Seed", slug: "seed" } });
  const evt = await db.eventType.create({ data: { id: newId("evt"), workspaceId: ws.workspaceId, name: "seed.created" } });
  const endpoint = await db.endpoint.create({
    data: { id: newId("ep"), workspaceId: ws.workspaceId, environmentId: ws.environmentId, url: "http://127.0.0.1:9/hook", secret: "whsec_c2VlZA==" },
  });
  const message = await db.message.create({ data: { id: newId("msg"), workspaceId: ws.workspaceId, environmentId: ws.environmentId, payload: "{}", payloadSize: 2 } });
  // Already delivered, so no worker picks it up while the row counts are being compared.
  const delivery = await db.delivery.create({
    data: {
      id: newId("del"), workspaceId: ws.workspaceId, environmentId: ws.environmentId, endpointId: endpoint.id, messageId: message.id,
      idempotencyKey: "seed", status: "delivered", totalAttempts: 1, deliveredAt: new Date(), nextAttemptAt: null,
    },
  });
  return { workspaceId: ws.workspaceId, appId: app.id, envId: env.id, eventTypeId: evt.id, endpointId: endpoint.id, deliveryId: delivery.id };
}

function pathCases(ctx: Context): Case[] {
  const cases: Case[] = [];
  let pair = 0;
  for (const op of operations) {
    for (const [, param] of fullPath(op).matchAll(/\{(\w+)\}/g)) {
      // Every segment hits every parameter name somewhere, but each (operation, parameter)
      // pair gets a rotating half of them, to keep the run short.
      pair++;
      for (const segment of HOSTILE_SEGMENTS.filter((_, i) => (i + pair) % 2 === 0)) {
        const body = VALID_BODIES[op.id];
        cases.push({
          name: `${op.id} ${param}=${segment.slice(0, 40)}`,
          req: {
            method: op.method, path: pathOf(op, ctx.ids, [param, segment]),
            headers: body ? { ...auth(ctx.ws), "content-type": "application/json" } : auth(ctx.ws),
            body: body ? JSON.stringify(body) : undefined,
          },
        });
      }
      for (const segment of DOT_SEGMENTS) {
        // The server resolves dot segments like any URL (a redirect, or serving the resolved path,
        // e.g. /applications/../endpoints is /endpoints). No body: the resolved path could be a create route.
        cases.push({
          name: `${op.id} ${param}=${segment}`, req: { method: op.method, path: pathOf(op, ctx.ids, [param, segment]), headers: auth(ctx.ws) },
          allowRedirect: true, allowOk: op.method === "GET",
        });
      }
    }
  }
  return cases;
}

function isRejectedBySchema(op: Operation, body: unknown): boolean {
  return !(op.body as z.ZodType).safeParse(body).success;
}

/** NUL or an unpaired surrogate: text that must never reach the database, whatever the schema says. */
function containsUnstorable(value: unknown): boolean {
  return /\\u0000|\\ud[89a-f]/.test(JSON.stringify(value));
}

function bodyCases(ctx: Context, random: () => number): Case[] {
  const cases: Case[] = [];
  for (const op of operations.filter((o) => o.body)) {
    const valid = VALID_BODIES[op.id];
    if (!valid) throw new Error(`hostile-input: add a valid body for ${op.id} (${op.method} ${op.path}) to VALID_BODIES`);
    expect(isRejectedBySchema(op, valid), `VALID_BODIES.${op.id} must be valid`).toBe(false);
    const path = pathOf(op, ctx.ids);
    const headers = { ...auth(ctx.ws), "content-type": "application/json" };
    const send = (name: string, body: string | Buffer, extra: Partial<RawRequest> = {}) => cases.push({ name: `${op.id} ${name}`, req: { method: op.method, path, headers, body, ...extra } });

    const schema = z.toJSONSchema(op.body as z.ZodType, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, unknown> };
    const fields = Object.keys(schema.properties ?? {});
    for (const field of fields) {
      // A seeded half of the values per field; NUL and unpaired surrogates always, they must never reach the database.
      for (const value of HOSTILE_VALUES.filter((v) => random() < 0.5 || containsUnstorable(v))) {
        const body = { ...valid, [field]: value };
        if (isRejectedBySchema(op, body) || containsUnstorable(body)) send(`${field}=${JSON.stringify(value)?.slice(0, 40)}`, JSON.stringify(body));
      }
      const { [field]: _omitted, ...without } = valid;
      if (isRejectedBySchema(op, without)) send(`without ${field}`, JSON.stringify(without));
    }
    // Random pairs of hostile values, so fields are also attacked together.
    for (let i = 0; i < 15 && fields.length > 1; i++) {
      const body: Record<string, unknown> = { ...valid };
      for (const field of fields) if (random() < 0.6) body[field] = HOSTILE_VALUES[Math.floor(random() * HOSTILE_VALUES.length)];
      if (isRejectedBySchema(op, body) || containsUnstorable(body)) send(`random #${i}`, JSON.stringify(body));
    }
    for (const whole of [null, [], [valid], 42, "str", true, { body: valid }]) {
      if (isRejectedBySchema(op, whole)) send(`whole=${JSON.stringify(whole).slice(0, 30)}`, JSON.stringify(whole));
    }
    GARBAGE_BODIES.forEach((garbage, i) => {
      // Some "garbage" is valid JSON (a bare number, deep nesting under an unknown key); it only
      // belongs here when the operation must reject it.
      let parsed: unknown;
      let text: string;
      try {
        text = Buffer.isBuffer(garbage) ? new TextDecoder("utf-8", { fatal: true }).decode(garbage) : garbage;
        // The server tolerates a UTF-8 byte order mark (RFC 8259 allows ignoring it).
        parsed = JSON.parse(text.replace(/^\ufeff/, ""));
      } catch {
        return send(`garbage #${i}`, garbage);
      }
      if (isRejectedBySchema(op, parsed) || /\u0000|\\u0000/.test(text)) send(`garbage #${i}`, garbage);
    });
    for (const contentType of WRONG_CONTENT_TYPES) {
      const h: Record<string, string> = { ...auth(ctx.ws) };
      if (contentType) h["content-type"] = contentType;
      cases.push({ name: `${op.id} content-type=${contentType || "(none)"}`, req: { method: op.method, path, headers: h, body: JSON.stringify(valid) } });
    }
    // Deep nesting under a field the schema ignores: refused before anything parses it.
    for (const levels of [MAX_JSON_DEPTH, 300 + Math.floor(random() * 700), 5_000]) {
      send(`deep nesting ${levels}`, JSON.stringify(valid).replace(/^\{/, `{"deep":${deepText(levels, random)},`));
    }
    const huge = JSON.stringify({ ...valid, padding: BIG(300 * 1024) });
    send("300 KiB body", huge);
    send("300 KiB body, chunked", huge, { chunked: true });
    send("1 MiB garbage, chunked", Buffer.alloc(1024 * 1024, 0x41), { chunked: true });
  }
  return cases;
}

function queryCases(ctx: Context): Case[] {
  const cases: Case[] = [];
  for (const op of operations.filter((o) => o.query)) {
    const schema = z.toJSONSchema(op.query as z.ZodType, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, unknown> };
    for (const key of Object.keys(schema.properties ?? {})) {
      for (const value of QUERY_VALUES) {
        cases.push({ name: `${op.id} ?${key}=${value.slice(0, 30)}`, req: { method: op.method, path: `${pathOf(op, ctx.ids)}?${key}=${value}`, headers: auth(ctx.ws) }, allowOk: op.method === "GET" });
      }
      cases.push({ name: `${op.id} ?${key} repeated`, req: { method: op.method, path: `${pathOf(op, ctx.ids)}?${key}=1&${key}=abc&${key}[]=x`, headers: auth(ctx.ws) }, allowOk: op.method === "GET" });
    }
  }
  return cases;
}

function methodAndAuthCases(ctx: Context): Case[] {
  const cases: Case[] = [];
  const templates = new Map<string, Set<string>>();
  for (const op of operations) templates.set(fullPath(op), new Set([...(templates.get(fullPath(op)) ?? []), op.method]));
  for (const [template, allowed] of templates) {
    const op = operations.find((o) => fullPath(o) === template)!;
    for (const method of METHODS.filter((m) => !allowed.has(m))) {
      cases.push({ name: `${method} ${template}`, req: { method, path: pathOf(op, ctx.ids), headers: { ...auth(ctx.ws), "content-type": "application/json" }, body: method === "GET" || method === "DELETE" || method === "TRACE" ? undefined : "{}" } });
    }
  }
  const badAuth: [string, Record<string, string>][] = [
    ["no auth", {}],
    ["empty bearer", { authorization: "Bearer " }],
    ["bare prefix", { authorization: "Bearer nhm_" }],
    ["basic", { authorization: "Basic dXNlcjpwYXNz" }],
    ["ingestion key", { authorization: `Bearer ${ctx.ws.ingestionKey}` }],
    ["sql token", { authorization: "Bearer nhm_' OR '1'='1" }],
    ["huge token", { authorization: `Bearer nhm_${BIG(6000)}` }],
    ["two tokens", { authorization: `Bearer ${ctx.ws.managementToken} Bearer ${ctx.ws.managementToken}` }],
    ["other workspace", auth(ctx.other)],
  ];
  for (const op of operations) {
    for (const [name, headers] of badAuth) {
      const body = VALID_BODIES[op.id];
      cases.push({
        name: `${op.id} ${name}`,
        req: { method: op.method, path: pathOf(op, ctx.ids), headers: body ? { ...headers, "content-type": "application/json" } : headers, body: body ? JSON.stringify(body) : undefined },
      });
    }
  }
  return cases;
}

function verdict(c: Case, res: RawResponse): string | null {
  if (c.allowRedirect && [307, 308].includes(res.status)) {
    const location = String(res.headers.location ?? "");
    return location.startsWith("/management/v1/") ? null : `redirect to ${location}`;
  }
  if (c.allowOk && res.status >= 200 && res.status < 300) {
    try {
      JSON.parse(res.text);
      return null;
    } catch {
      return `${res.status} with a non-JSON body`;
    }
  }
  if (res.status < 400 || res.status > 499) return `status ${res.status}: ${res.text.slice(0, 120)}`;
  try {
    const body = JSON.parse(res.text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code !== "string" || typeof body.error?.message !== "string") return `${res.status} without the envelope: ${res.text.slice(0, 120)}`;
    if (res.status === 405 && !res.headers.allow) return "405 without an Allow header";
  } catch {
    return `${res.status} with a non-JSON body: ${res.text.slice(0, 80)}`;
  }
  return null;
}

async function run(baseURL: string, cases: Case[]) {
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  // A few in flight at once: fast, and concurrency is part of the abuse.
  const queue = [...cases];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        try {
          const res = await rawRequest(baseURL, c.req);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const problem = verdict(c, res);
          if (problem) failures.push(`${c.name}: ${problem}`);
        } catch (error) {
          failures.push(`${c.name}: network error ${(error as Error).message}`);
        }
      }
    }),
  );
  return { failures, statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)) };
}

async function expectHarmless(baseURL: string, ws: Workspace, other: Workspace, cases: Case[], minimum: number) {
  expect(cases.length).toBeGreaterThanOrEqual(minimum);
  const before = await rowCounts([ws.workspaceId, other.workspaceId]);
  const { failures, statuses } = await run(baseURL, cases);
  const after = await rowCounts([ws.workspaceId, other.workspaceId]);
  console.log(`${cases.length} hostile requests, statuses ${JSON.stringify(statuses)}`);
  expect(failures.slice(0, 30), `${failures.length} of ${cases.length} requests misbehaved`).toEqual([]);
  expect(after).toEqual(before);
}

test.describe("hostile input on every Management API operation", () => {
  test("the registry has operations and every operation with a body has a valid example", () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
    for (const op of operations.filter((o) => o.body)) expect(Object.keys(VALID_BODIES), `${op.id} ${op.method} ${op.path}`).toContain(op.id);
  });

  test("hostile path segments: traversal, encoded junk, NUL, injection, oversize ids", async ({ baseURL, ws }) => {
    const other = await newWorkspace("pro");
    const ctx = { ws, other, ids: await seed(ws) };
    await expectHarmless(baseURL!, ws, other, pathCases(ctx), 300);
  });

  test("hostile bodies: wrong types, oversize and NUL strings, garbage JSON, wrong content types, > 256 KiB", async ({ baseURL, ws }) => {
    const other = await newWorkspace("pro");
    const ctx = { ws, other, ids: await seed(ws) };
    await expectHarmless(baseURL!, ws, other, bodyCases(ctx, mulberry32(20261127)), 200);
  });

  test("hostile query strings, wrong methods, bad credentials", async ({ baseURL, ws }) => {
    const other = await newWorkspace("pro");
    const ctx = { ws, other, ids: await seed(ws) };
    await expectHarmless(baseURL!, ws, other, [...queryCases(ctx), ...methodAndAuthCases(ctx)], 150);
  });

  test("TRACE (which the fetch standard forbids) is a 405 and an unknown method a 400, in the envelope on every kind of path", async ({ baseURL }) => {
    for (const path of ["/management/v1/workspaces/ws_x/applications", "/api/ingest/ep_x", "/portal", "/s/abc", "/"]) {
      const res = await rawRequest(baseURL!, { method: "TRACE", path, headers: {} });
      expect(res.status, path).toBe(405);
      expect(JSON.parse(res.text).error, path).toEqual({ code: "method_not_allowed", message: "TRACE is not supported" });
    }
    // A method HTTP's parser does not know never reaches a handler: still the envelope, not an empty 400.
    const unknown = await rawRequest(baseURL!, { method: "FOO", path: "/api/ingest/ep_x", headers: {} });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).error).toEqual({ code: "bad_request", message: "The request is not valid HTTP/1.1" });
  });

  test("a > 256 KiB body is 413 payload_too_large, declared or streamed", async ({ baseURL, ws }) => {
    const path = `/management/v1/workspaces/${ws.workspaceId}/environments`;
    const body = JSON.stringify({ name: "big", slug: "big", padding: BIG(257 * 1024) });
    for (const chunked of [false, true]) {
      const res = await rawRequest(baseURL!, { method: "POST", path, headers: { ...auth(ws), "content-type": "application/json" }, body, chunked });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text).error.code).toBe("payload_too_large");
    }
    const ok = await rawRequest(baseURL!, { method: "POST", path, headers: { ...auth(ws), "content-type": "application/json" }, body: JSON.stringify({ name: "small", slug: "small", padding: BIG(200 * 1024) }) });
    expect(ok.status).toBe(201);
  });

  test("NUL characters are a 400 naming the field, not a database error", async ({ baseURL, ws }) => {
    const path = `/management/v1/workspaces/${ws.workspaceId}/environments`;
    const res = await rawRequest(baseURL!, { method: "POST", path, headers: { ...auth(ws), "content-type": "application/json" }, body: JSON.stringify({ name: "a\u0000b", slug: "nul" }) });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatchObject({ code: "validation_error", message: "name: must not contain NUL characters" });
    const query = await rawRequest(baseURL!, { method: "GET", path: `/management/v1/workspaces/${ws.workspaceId}/audit-logs?action=x%00y`, headers: auth(ws) });
    expect(query.status).toBe(400);
    expect(JSON.parse(query.text).error.message).toContain("action");
  });

  test("unpaired surrogates and dates outside PostgreSQL's range are a 400 naming the field", async ({ baseURL, ws }) => {
    const base = `/management/v1/workspaces/${ws.workspaceId}`;
    const json = { ...auth(ws), "content-type": "application/json" };
    // JSON.stringify escapes a lone surrogate as \ud800, exactly what jsonb refuses.
    const app = await rawRequest(baseURL!, { method: "POST", path: `${base}/applications`, headers: json, body: JSON.stringify({ name: "ok", metadata: { k: "x\ud800" } }) });
    expect(app.status).toBe(400);
    expect(JSON.parse(app.text).error).toMatchObject({ code: "validation_error", message: "metadata.k: must not contain unpaired UTF-16 surrogates" });
    const endpoint = await createRawEndpoint(ws, { url: "https://example.com/hook" });
    const history = `${base}/endpoints/${endpoint.id}/deliveries`;
    for (const from of ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00%2B14:00"]) {
      for (const path of [`${history}?from=${from}`, `${base}/audit-logs?to=${from}`]) {
        const res = await rawRequest(baseURL!, { method: "GET", path, headers: auth(ws) });
        expect(res.status, path).toBe(400);
        expect(JSON.parse(res.text).error.message, path).toMatch(/^(from|to): must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z/);
      }
    }
    const widest = await rawRequest(baseURL!, { method: "GET", path: `${history}?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z`, headers: auth(ws) });
    expect(widest.status).toBe(200);
    expect(await rowCounts([ws.workspaceId])).toMatchObject({ applications: 0 });
  });

  test("strings that only look hostile are stored and returned verbatim", async ({ baseURL, ws }) => {
    const names = ["'; DROP TABLE environments;--", "<script>alert(1)</script>", "🔥 Ünïcødé ‮ RTL", "../../etc/passwd", "%00 %zz ${x}", "名前"];
    const path = `/management/v1/workspaces/${ws.workspaceId}/environments`;
    for (const [i, name] of names.entries()) {
      const res = await rawRequest(baseURL!, { method: "POST", path, headers: { ...auth(ws), "content-type": "application/json" }, body: JSON.stringify({ name, slug: `s-${i}` }) });
      expect(res.status, name).toBe(201);
      const env = JSON.parse(res.text);
      expect(env.name).toBe(name);
      const read = await rawRequest(baseURL!, { method: "GET", path: `${path}/${env.id}`, headers: auth(ws) });
      expect(JSON.parse(read.text).name).toBe(name);
    }
    const app = await rawRequest(baseURL!, {
      method: "POST", path: `/management/v1/workspaces/${ws.workspaceId}/applications`, headers: { ...auth(ws), "content-type": "application/json" },
      body: JSON.stringify({ name: "<b>x</b>", metadata: { "' OR 1=1": "😀", "<k>": "</v>" } }),
    });
    expect(app.status).toBe(201);
    expect(JSON.parse(app.text).metadata).toEqual({ "' OR 1=1": "😀", "<k>": "</v>" });
  });

  test("generated hostile payloads on every ingestion operation: deep nesting, wide arrays, huge strings", async ({ baseURL, ws }) => {
    test.setTimeout(240_000);
    const random = mulberry32(20261128);
    const receiver = await startReceiver();
    try {
      const endpoint = await createRawEndpoint(ws, { url: `${receiver.url}/hook` });
      const type = await createEventType(ws, `hostile.${Date.now()}`);
      await subscribe(endpoint.id, type.id);
      // How each ingestion operation wraps a payload, and how deep that wrapper already is.
      const WRAP: Record<string, { path: string; depth: number; body: (payload: string) => string }> = {
        I1: { path: `/api/ingest/${endpoint.id}`, depth: 1, body: (p) => `{"payload":${p}}` },
        I2: { path: `/api/ingest/event/${type.name}`, depth: 1, body: (p) => `{"payload":${p}}` },
        I3: { path: "/api/ingest/batch", depth: 3, body: (p) => `{"items":[{"endpointId":"${endpoint.id}","payload":${p}}]}` },
        I4: { path: "/api/ingest/event/batch", depth: 3, body: (p) => `{"items":[{"eventType":"${type.name}","payload":${p}}]}` },
      };
      const ingestion = registry.filter((op) => isIngestion(op) && op.body);
      expect(ingestion.length).toBeGreaterThanOrEqual(4);
      const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
      const cases: { name: string; path: string; body: string; expect: number }[] = [];
      for (const op of ingestion) {
        const wrap = WRAP[op.id];
        if (!wrap) throw new Error(`hostile-input: add how ${op.id} (${op.path}) wraps a payload to WRAP`);
        const limit = MAX_JSON_DEPTH - wrap.depth;
        const shapes: [string, string, number][] = [
          [`deep at the limit (${limit})`, deepText(limit - 1, random).replace(/^/, '{"p":') + "}", 202],
          [`deep by one (${limit + 1})`, `{"p":${deepText(limit, random)}}`, 400],
          ...[int(100, 1_000), int(1_000, 10_000), 40_000].map((n): [string, string, number] => [`deep ${n}`, `{"p":${deepText(n, random)}}`, 400]),
          [`deep inside a wide array`, `{"rows":[${Array.from({ length: 200 }, () => "{}").join(",")},${deepText(500, random)}]}`, 400],
          ["wide array of numbers", JSON.stringify({ n: Array.from({ length: int(20_000, 40_000) }, () => int(0, 9)) }), 202],
          ["wide array of objects", JSON.stringify({ o: Array.from({ length: int(5_000, 15_000) }, () => ({})) }), 202],
          ["wide array of arrays", JSON.stringify({ a: Array.from({ length: int(10_000, 30_000) }, () => []) }), 202],
          ["wide object", JSON.stringify(Object.fromEntries(Array.from({ length: int(3_000, 8_000) }, (_, i) => [`k${i}`, i]))), 202],
          ["huge string", JSON.stringify({ s: "x".repeat(int(150_000, 240_000)) }), 202],
          ["many long strings", JSON.stringify({ s: Array.from({ length: 100 }, () => "y".repeat(2_000)) }), 202],
          ["escapes and astral characters", JSON.stringify({ s: "é\u2028\"\\🔥".repeat(int(5_000, 10_000)) }), 202],
          ["huge string over the body limit", JSON.stringify({ s: "z".repeat(300 * 1024) }), 413],
        ];
        for (const [name, payload, status] of shapes) {
          // Alternate the SDK and CLI mounts.
          const path = random() < 0.5 ? wrap.path : wrap.path.replace(/^\/api/, "");
          cases.push({ name: `${op.id} ${path.startsWith("/api") ? "" : "(/ingest) "}${name}`, path, body: wrap.body(payload), expect: status });
        }
      }
      const failures: string[] = [];
      let accepted = 0;
      for (const c of cases) {
        const res = await rawRequest(baseURL!, {
          method: "POST", path: c.path, body: c.body, headers: { authorization: `Bearer ${ws.ingestionKey}`, "content-type": "application/json" },
        });
        if (res.status !== c.expect) {
          failures.push(`${c.name}: ${res.status} (expected ${c.expect}) ${res.text.slice(0, 120)}`);
          continue;
        }
        if (c.expect === 202) accepted++;
        else {
          const error = JSON.parse(res.text).error;
          if (typeof error?.code !== "string" || typeof error?.message !== "string") failures.push(`${c.name}: no envelope`);
          if (c.expect === 400 && !/nests deeper than/.test(error.message)) failures.push(`${c.name}: unclear message ${error.message}`);
        }
      }
      expect(failures).toEqual([]);
      // Every accepted payload is delivered: the worker survives them too.
      await waitUntil(async () => (await db.delivery.count({ where: { workspaceId: ws.workspaceId, status: "delivered" } })) >= accepted, 120_000, `${accepted} deliveries`);
      expect(receiver.requests.length).toBeGreaterThanOrEqual(accepted);
    } finally {
      await receiver.close();
    }
  });
});
