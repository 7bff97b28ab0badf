import type { IncomingMessage, ServerResponse } from "node:http";
import { attachNodeBody } from "@/lib/http/body";
import { isIngestionPath, routeIngestion } from "./routes";

const DRAIN_LIMIT_BYTES = 64 * 1024;

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1_000);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    req.once("end", done);
    req.once("error", done);
    req.once("close", done);
    req.resume();
  });
}

/**
 * The Ingestion API served straight from node:http, ahead of Next's router, through the same
 * routing table as the Next route (./routes.ts). Skipping Next's per-request rendering pipeline
 * roughly triples the events one web process accepts per second (see README, Benchmarks).
 * Returns false when the path is not the Ingestion API's.
 */
export async function serveIngestion(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (!isIngestionPath(url.pathname)) return false;
  const route = routeIngestion(req.method ?? "GET", url.pathname);
  let response: Response;
  if (route instanceof Response) response = route;
  else {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    // The handlers never read the host; a fixed origin keeps a hostile Host header out of `new URL`.
    // No body stream: the handler reads the body from `req` itself, if and when it needs it.
    const request = new Request(`http://localhost${url.pathname}${url.search}`, { method: req.method, headers });
    attachNodeBody(request, req);
    response = await route.handler(request, route.params);
  }
  const body = Buffer.from(await response.arrayBuffer());
  // An answer given before the body was read whole (401, 413, 404, 405) leaves the rest of it on
  // the socket. A small declared body is read and dropped so the connection stays usable (a
  // client refused for a bad key keeps its keep-alive socket); anything else closes the
  // connection instead of letting the next request on it parse garbage.
  if (!req.readableEnded && Number(req.headers["content-length"] ?? Infinity) <= DRAIN_LIMIT_BYTES) {
    await drain(req);
  }
  const unread = !req.readableEnded;
  // Taken now: once the response is finished the request no longer holds its socket.
  const socket = req.socket;
  if (unread) {
    // The handler stopped reading the body (over the cap) or never did; the rest is not ours to read.
    req.on("error", () => {});
  }
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), ...(unread ? { connection: "close" } : {}) });
  res.end(body, () => {
    if (unread) socket?.destroy();
  });
  return true;
}
