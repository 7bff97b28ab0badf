import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { errorBody } from "@/lib/http/errors";
import { sendBatchHandler, sendHandler, triggerBatchHandler, triggerHandler } from "./handlers";

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * The Ingestion API served straight from node:http, ahead of Next's router. It runs the very
 * same handlers as app/api/ingest/**; skipping Next's per-request rendering pipeline roughly
 * triples the events one web process accepts per second (see README, Benchmarks).
 */
export function matchIngestion(pathname: string): { handler: RouteHandler; params: Record<string, string> } | null {
  const match = /^\/(?:api\/)?ingest\/(.+?)\/?$/.exec(pathname);
  if (!match) return null;
  const rest = match[1].split("/");
  if (rest.length === 1) return rest[0] === "batch" ? { handler: sendBatchHandler, params: {} } : { handler: sendHandler, params: { endpointId: rest[0] } };
  if (rest.length === 2 && rest[0] === "event") {
    return rest[1] === "batch" ? { handler: triggerBatchHandler, params: {} } : { handler: triggerHandler, params: { eventType: rest[1] } };
  }
  return null;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Answers an ingestion request and returns true, or returns false when the path is not ingestion. */
export async function serveIngestion(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (!/^\/(api\/)?ingest(\/|$)/.test(url.pathname)) return false;
  const route = matchIngestion(url.pathname);
  if (!route) {
    sendJson(res, 404, errorBody("not_found", `No API route matches ${req.method} ${url.pathname}`));
    return true;
  }
  if (req.method !== "POST") {
    sendJson(res, 405, errorBody("method_not_allowed", `${req.method} is not allowed here; use POST`), { allow: "POST" });
    return true;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  // The handlers never read the host; a fixed origin keeps a hostile Host header out of `new URL`.
  const request = new Request(`http://localhost${url.pathname}${url.search}`, {
    method: "POST",
    headers,
    body: Readable.toWeb(req) as ReadableStream,
    duplex: "half",
  } as RequestInit);
  const response = await route.handler(request, { params: Promise.resolve(route.params) });
  const body = Buffer.from(await response.arrayBuffer());
  // An answer given before the body was read whole (413) leaves the rest of it on the socket:
  // close the connection instead of letting the next request on it parse garbage.
  const unread = !req.readableEnded;
  // Taken now: once the response is finished the request no longer holds its socket.
  const socket = req.socket;
  if (unread) {
    // The web stream of the body was cancelled; the rest of the body is not ours to read.
    req.on("error", () => {});
  }
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), ...(unread ? { connection: "close" } : {}) });
  res.end(body, () => {
    if (unread) socket?.destroy();
  });
  return true;
}
