import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { APIRequestContext } from "@playwright/test";
import pg from "pg";
import { newEndpointSecret } from "@/lib/auth/secrets";
import { db } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/http/db-unavailable";
import { newId } from "@/lib/ids";
import { createIngestionKey } from "@/lib/workspaces/workspaces";
import { startThrowawayDatabase } from "../../scripts/lib/throwaway-database";
import type { Workspace } from "./fixtures";

/** A request as a local receiver saw it. */
export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export type Responder = (req: Received, res: http.ServerResponse, index: number) => void | Promise<void>;

/**
 * A webhook receiver on 127.0.0.1 (random port) inside the spec. Answers 200 "ok" unless a
 * responder is set; records every complete request.
 */
export async function startReceiver(responder?: Responder) {
  const requests: Received[] = [];
  let respond = responder;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const received: Received = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
      requests.push(received);
      const index = requests.length - 1;
      Promise.resolve(respond ? respond(received, res, index) : res.end("ok")).catch(() => res.destroy());
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    respond(next: Responder) {
      respond = next;
    },
    /** Waits until at least `count` requests arrived. */
    async waitForRequests(count: number, timeoutMs = 15_000) {
      await waitUntil(() => requests.length >= count, timeoutMs, `receiver to get ${count} requests (got ${requests.length})`);
      return requests;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = "condition") {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface EndpointOptions {
  url: string;
  type?: "webhook" | "slack";
  environmentId?: string;
  isActive?: boolean;
  config?: Record<string, string>;
  authUsername?: string;
  authPassword?: string;
}

// Fixtures written with Prisma directly (the endpoint / event-type / subscription API is a
// separate part of the product and has its own specs).
export function createEndpoint(ws: Workspace, opts: EndpointOptions) {
  return db.endpoint.create({
    data: {
      id: newId("ep"),
      workspaceId: ws.workspaceId,
      environmentId: opts.environmentId ?? ws.environmentId,
      url: opts.url,
      type: opts.type ?? "webhook",
      config: opts.config ?? {},
      secret: newEndpointSecret(),
      isActive: opts.isActive ?? true,
      authUsername: opts.authUsername ?? null,
      authPassword: opts.authPassword ?? null,
    },
  });
}

export function createEventType(ws: Workspace, name: string) {
  return db.eventType.create({ data: { id: newId("evt"), workspaceId: ws.workspaceId, name } });
}

export function subscribe(endpointId: string, eventTypeId: string) {
  return db.subscription.create({ data: { id: newId("sub"), endpointId, eventTypeId } });
}

/** A second environment of the workspace with its own ingestion key. */
export async function createEnvironment(ws: Workspace, name = "Staging") {
  const env = await db.environment.create({
    data: { id: newId("env"), workspaceId: ws.workspaceId, name, slug: `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}` },
  });
  const { key } = await createIngestionKey({ workspaceId: ws.workspaceId, environmentId: env.id, name });
  return { environmentId: env.id, ingestionKey: key };
}

/** Ingestion API client for one key (`prefix` "/ingest" is the CLI's form). */
export function ingestClient(request: APIRequestContext, key: string, prefix = "/api/ingest") {
  const headers = { authorization: `Bearer ${key}` };
  return {
    send: (endpointId: string, data: unknown) => request.post(`${prefix}/${endpointId}`, { headers, data }),
    trigger: (eventType: string, data: unknown) => request.post(`${prefix}/event/${encodeURIComponent(eventType)}`, { headers, data }),
    sendBatch: (data: unknown) => request.post(`${prefix}/batch`, { headers, data }),
    triggerBatch: (data: unknown) => request.post(`${prefix}/event/batch`, { headers, data }),
    post: (path: string, data: unknown, extra: Record<string, string> = {}) => request.post(`${prefix}${path}`, { headers: { ...headers, ...extra }, data }),
  };
}

/** Polls the delivery row until `check` holds. */
export async function waitForDelivery(
  id: string,
  check: (d: NonNullable<Awaited<ReturnType<typeof findDelivery>>>) => boolean,
  timeoutMs = 20_000,
) {
  let last: Awaited<ReturnType<typeof findDelivery>> = null;
  await waitUntil(async () => {
    last = await findDelivery(id);
    return last !== null && check(last);
  }, timeoutMs, `delivery ${id} (last status ${(last as { status?: string } | null)?.status ?? "none"})`);
  return last!;
}

export function findDelivery(id: string) {
  return db.delivery.findUnique({ where: { id }, include: { attempts: { orderBy: { attemptNumber: "asc" } }, message: true } });
}

export const isDone = (d: { status: string }) => d.status === "delivered" || d.status === "dead_letter" || d.status === "failed";

/**
 * The spec's own connections. Without an 'error' listener, a pooled connection that the server
 * ends while it sits idle (a backend terminated from outside — "terminating connection due to
 * administrator command" — as happened once on the shared CI machine) is an uncaught exception
 * that fails the test although nothing is wrong with the queue. The pool drops such a
 * connection; a query that meets one is repeated on a fresh connection.
 */
export function resilientPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on("error", () => {});
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  (pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await query(...args);
      } catch (error) {
        if (attempt >= 5 || !isDatabaseUnavailable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  return pool;
}


/** A `scripts/worker.ts` process on a database of the spec's own; `log()` is the tail of its stderr. */
export function spawnWorker(databaseUrl: string, env: Record<string, string>) {
  // node --import tsx (not npx): a signal must reach the worker itself, not a wrapper.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let text = "";
  child.stderr!.on("data", (chunk: Buffer) => (text = (text + chunk.toString()).slice(-5000)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, started: () => text.includes("started wrk_"), log: () => text };
}

/**
 * An embedded PostgreSQL of the spec's own, migrated, with a pool: for specs whose setup is the
 * whole database (its workers, its statistics), which the suite's shared one is not.
 */
export async function startPrivateDatabase(name: string) {
  const { database, dispose } = await startThrowawayDatabase(`nahook-${name}`);
  const pool = resilientPool(database.url);
  return {
    url: database.url,
    pool,
    async dispose() {
      await pool.end().catch(() => {});
      await dispose();
    },
  };
}

/** A stored endpoint secret for rows inserted directly (specs on a database of their own). */
export const TEST_ENDPOINT_SECRET = "whsec_dGVzdF93ZWJob29rX3NpZ25pbmdfa2V5XzMyYnl0ZXMh";

/** A bare workspace and its default environment, inserted directly. */
export async function insertWorkspace(pool: pg.Pool, ids: { ws: string; env: string }) {
  await pool.query(`INSERT INTO workspaces (id, name, "updatedAt") VALUES ($1, $1, now())`, [ids.ws]);
  await pool.query(`INSERT INTO environments (id, "workspaceId", name, slug, "isDefault", "updatedAt") VALUES ($1, $2, 'Production', 'production', true, now())`, [ids.env, ids.ws]);
}
