import { sendBatchOp, sendOp, triggerBatchOp, triggerOp } from "@/lib/api/ingestion";
import type { Operation } from "@/lib/api/operation";
import { errorBody } from "@/lib/http/errors";
import { allowedMethodsOf, matchOperations } from "@/lib/http/route-table";
import { sendBatch, triggerBatch } from "./batch";
import { ingestionRoute, type IngestionHandler } from "./route";
import { sendToEndpoint } from "./send";
import { triggerEvent } from "./trigger";

/**
 * The Ingestion API's one routing table: each registry operation with its handler. The node:http
 * fast path of `npm start` (./node-handler.ts) and the catch-all route Next serves in `next dev`
 * (app/api/ingest/[...path]) both dispatch through `dispatchIngestion`.
 */
const ROUTES = new Map<Operation, IngestionHandler>([
  [sendOp, ingestionRoute(sendOp, ({ ctx, params, body }) => sendToEndpoint(ctx, { ...body, endpointId: params.endpointId }))],
  [triggerOp, ingestionRoute(triggerOp, ({ ctx, params, body }) => triggerEvent(ctx, { ...body, eventType: params.eventType }))],
  [sendBatchOp, ingestionRoute(sendBatchOp, ({ ctx, body }) => sendBatch(ctx, body.items))],
  [triggerBatchOp, ingestionRoute(triggerBatchOp, ({ ctx, body }) => triggerBatch(ctx, body.items))],
]);

/** Registry paths are under /api/ingest (SDKs); the CLI uses the same API under /ingest (spec §12.1). */
const CANONICAL_PREFIX = "/api/ingest";
const ALIAS_PREFIX = "/ingest";

export function isIngestionPath(pathname: string): boolean {
  return [CANONICAL_PREFIX, ALIAS_PREFIX].some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => Response.json(body, { status, headers });

/**
 * Finds the handler for a method and path, or the 404/405 answer in the envelope. Decided before
 * a Request exists, so the node:http path never reads a body it is going to refuse.
 */
export function routeIngestion(method: string, pathname: string): { handler: IngestionHandler; params: Record<string, string> } | Response {
  const canonical = pathname.startsWith(`${ALIAS_PREFIX}/`) ? `${CANONICAL_PREFIX}${pathname.slice(ALIAS_PREFIX.length)}` : pathname;
  const matches = matchOperations(canonical, [...ROUTES.keys()]);
  const allowed = allowedMethodsOf(matches);
  if (!allowed) return json(404, errorBody("not_found", `No API route matches ${method} ${pathname}`));
  const match = matches.find((m) => m.op.method === method);
  if (!match) {
    return json(405, errorBody("method_not_allowed", `${method} is not allowed here; use ${allowed.filter((m) => m !== "HEAD").join(", ")}`), { allow: allowed.join(", ") });
  }
  return { handler: ROUTES.get(match.op)!, params: match.params };
}

/** Answers an ingestion request through the table. */
export async function dispatchIngestion(request: Request, pathname: string): Promise<Response> {
  const route = routeIngestion(request.method, pathname);
  return route instanceof Response ? route : route.handler(request, route.params);
}
