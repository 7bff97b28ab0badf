import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { APIRequestContext, Page } from "@playwright/test";
import { db, expect, type ManagementClient } from "./fixtures";
import { newId } from "@/lib/ids";
import { statsUpsertSql } from "@/lib/stats/rollup";

export type Role = "admin" | "editor" | "viewer";

/** Creates an application through the Management API. */
export async function createApp(mgmt: ManagementClient, body: Record<string, unknown> = {}) {
  const res = await mgmt.post("/applications", { name: `Acme ${Math.random().toString(36).slice(2, 7)}`, ...body });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; name: string };
}

/** Mints a one-time portal link (P1). */
export async function portalLink(mgmt: ManagementClient, appId: string, body: Record<string, unknown> = {}) {
  const res = await mgmt.post(`/applications/${appId}/portal`, body);
  expect(res.status()).toBe(201);
  return (await res.json()) as { url: string; code: string; expiresAt: string };
}

/** Opens the portal in the page as `role`; the browser context now holds the session cookie. */
export async function signIn(page: Page, mgmt: ManagementClient, appId: string, role: Role, metadata?: Record<string, string>) {
  const link = await portalLink(mgmt, appId, { role, ...(metadata ? { metadata } : {}) });
  await page.goto(link.url);
  await expect(page).toHaveURL(/\/portal$/);
  return link;
}

export async function createEventType(mgmt: ManagementClient, name: string, description?: string) {
  const res = await mgmt.post("/event-types", { name, description });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; name: string };
}

/** An endpoint owned by the application, made by the operator (not through the portal). */
export async function createAppEndpoint(mgmt: ManagementClient, appId: string, body: Record<string, unknown>) {
  const res = await mgmt.post(`/applications/${appId}/endpoints`, body);
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; url: string; secret: string };
}

/**
 * A same-origin request with the page's cookies, as the portal's own scripts would send it — or
 * as a user replaying one by hand. Used to prove the server refuses what the UI hides.
 */
export function portalCall(page: Page, baseURL: string) {
  const headers = { origin: new URL(baseURL).origin };
  const ctx: APIRequestContext = page.request;
  return {
    post: (path: string, data?: unknown) => ctx.post(path, { headers, ...(data === undefined ? {} : { data }) }),
    patch: (path: string, data: unknown) => ctx.patch(path, { headers, data }),
    put: (path: string) => ctx.put(path, { headers }),
    delete: (path: string) => ctx.delete(path, { headers }),
  };
}

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local webhook receiver on 127.0.0.1 that records requests and answers `status`. */
export async function startReceiver(status = 200, responseBody = "ok") {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(responseBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * Records an event and its delivery with attempts directly in the database, as the delivery
 * engine would (for tests that need history without waiting on the worker).
 */
export async function seedDelivery(opts: {
  workspaceId: string;
  endpointId: string;
  eventType: string;
  payload?: unknown;
  /** Stored exactly as given (e.g. shapes a producer could send before today's limits). */
  rawPayload?: string;
  status: "pending" | "delivered" | "failed" | "dead_letter" | "scheduled_retry";
  attempts?: { status: "success" | "failed"; code: number | null; body?: string; error?: string; ms?: number }[];
  createdAt?: Date;
}) {
  const endpoint = await db.endpoint.findUniqueOrThrow({ where: { id: opts.endpointId } });
  const payload = opts.rawPayload ?? JSON.stringify(opts.payload ?? { hello: "world" });
  const message = await db.message.create({
    data: { id: newId("msg"), workspaceId: opts.workspaceId, environmentId: endpoint.environmentId, eventType: opts.eventType, payload, payloadSize: payload.length, ...(opts.createdAt ? { createdAt: opts.createdAt } : {}) },
  });
  const attempts = opts.attempts ?? [];
  const createdAt = opts.createdAt ?? new Date();
  const lastCode = attempts.at(-1)?.code ?? null;
  const delivery = await db.delivery.create({
    data: {
      id: newId("del"), workspaceId: opts.workspaceId, environmentId: endpoint.environmentId, endpointId: endpoint.id, applicationId: endpoint.applicationId,
      messageId: message.id, idempotencyKey: newId("idem"), eventType: opts.eventType, status: opts.status, totalAttempts: attempts.length, createdAt,
      lastStatusCode: lastCode, lastStatusClass: lastCode === null ? null : Math.floor(lastCode / 100),
      firstAttemptAt: attempts.length ? createdAt : null, deliveredAt: opts.status === "delivered" ? createdAt : null,
    },
  });
  for (const [i, a] of attempts.entries()) {
    await db.attempt.create({
      data: {
        id: newId("att"), deliveryId: delivery.id, attemptNumber: i + 1, status: a.status, url: endpoint.url, responseStatusCode: a.code,
        responseTimeMs: a.ms ?? 42, responseBody: a.body ?? null, errorMessage: a.error ?? null, createdAt,
      },
    });
    // The hourly statistics, as the worker's recording statement maintains them.
    await db.$executeRawUnsafe(
      statsUpsertSql(`(SELECT $1::text AS endpoint_id, $2::text AS workspace_id, $3::text AS application_id, $4::timestamptz AS started_at, $5::boolean AS success, $6::int AS ms)`),
      endpoint.id, opts.workspaceId, endpoint.applicationId, createdAt, a.status === "success", a.ms ?? 42,
    );
  }
  return delivery;
}

export const SCREENSHOTS = "test-results/screenshots";

/** Full-page screenshots at desktop (1280) and phone (375) widths. */
export async function screenshots(page: Page, name: string) {
  // Toasts from the previous step would cover the page. One may dismiss itself between being
  // found and being clicked: the click must then give up quickly, not wait for the test's timeout.
  const toasts = page.locator("[data-toast]");
  for (const dismiss of await toasts.getByRole("button", { name: "Dismiss" }).all()) await dismiss.click({ timeout: 1_000 }).catch(() => {});
  await expect(toasts).toHaveCount(0, { timeout: 10_000 });
  for (const [label, width] of [["desktop", 1280], ["phone", 375]] as const) {
    await page.setViewportSize({ width, height: label === "phone" ? 812 : 900 });
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `${SCREENSHOTS}/portal-${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * A portal session in a fresh API request context (no browser): the link is exchanged the way
 * the page opened by the link does it, with a same-origin POST; the context keeps the cookie.
 */
export async function portalApiSession(playwright: { request: { newContext(o: { baseURL?: string }): Promise<APIRequestContext> } }, baseURL: string, mgmt: ManagementClient, appId: string, role: Role) {
  const ctx = await playwright.request.newContext({ baseURL });
  const link = await portalLink(mgmt, appId, { role });
  const res = await ctx.post(new URL(link.url).pathname, { headers: { "sec-fetch-site": "same-origin" }, maxRedirects: 0 });
  expect(res.status()).toBe(303);
  return ctx;
}

/** Everything the server prints (playwright.config.ts tees the test server's output into this file). */
export function serverLog(): string {
  const file = process.env.NAHOOK_TEST_LOG;
  if (!file) throw new Error("NAHOOK_TEST_LOG is not set: run the specs through `npm test`/playwright.config.ts");
  return readFileSync(file, "utf8");
}
