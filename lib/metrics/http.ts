import http, { type IncomingMessage, type ServerResponse } from "node:http";
import client from "prom-client";
import { config } from "@/lib/config";
import { errorBody } from "@/lib/http/errors";
import { metricsAccess } from "./access";
import { gatherMetrics } from "./peers";
import { queueRegistry } from "./queue-gauges";

export const METRICS_PATH = "/metrics";

/** Answers GET /metrics on a node:http server; false when the path is not /metrics. */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const pathname = (req.url ?? "/").split("?")[0];
  if (pathname !== METRICS_PATH) return false;
  const access = metricsAccess(req.headers.authorization, config().metricsToken);
  if (access === 404) {
    // Not configured: hand the request on, so the answer is the app's ordinary 404 page.
    return false;
  }
  if (access === 401) {
    res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Bearer realm="metrics"' });
    res.end(JSON.stringify(errorBody("unauthorized", "Missing or invalid metrics token")));
    return true;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { "content-type": "application/json", allow: "GET, HEAD" });
    res.end(JSON.stringify(errorBody("method_not_allowed", `${req.method} is not allowed here; use GET`)));
    return true;
  }
  let body: string;
  try {
    const registry = client.Registry.merge([await gatherMetrics(), queueRegistry()]);
    body = await registry.metrics();
  } catch (error) {
    console.error(`[metrics] scrape failed: ${error instanceof Error ? error.message : String(error)}`);
    res.writeHead(503, { "content-type": "application/json" });
    res.end(JSON.stringify(errorBody("service_unavailable", "Metrics are unavailable")));
    return true;
  }
  res.writeHead(200, { "content-type": client.Registry.PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}

/**
 * `npm run worker` has no web server: with NAHOOK_METRICS_PORT it serves /metrics (same token
 * rule) on that port, loopback unless HOST says otherwise. Returns the server, or null.
 */
export function startMetricsServer(log: (line: string) => void): http.Server | null {
  const port = config().metricsPort;
  if (port === undefined) return null;
  const server = http.createServer((req, res) => {
    serveMetrics(req, res).then((served) => {
      if (served) return;
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify(errorBody("not_found", "Not found")));
    });
  });
  server.listen(port, config().metricsHost, () => log(`metrics on http://${config().metricsHost}:${port}${METRICS_PATH}`));
  return server;
}
