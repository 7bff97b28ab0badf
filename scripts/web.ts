// The web process started by `npm start`: Next.js (portal, Management API, docs) behind one
// node:http server that answers the Ingestion API itself (lib/ingestion/node-handler.ts).
import http from "node:http";
import next from "next";
import { liveness, readiness } from "../lib/health/probes";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "../lib/http/db-unavailable";
import { isValidHostHeader } from "../lib/http/host";
import { serveIngestion } from "../lib/ingestion/node-handler";
import { checkConfigOrExit } from "./lib/config-check";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
const log = (line: string) => console.error(`[nahook] ${line}`);

checkConfigOrExit(log);

const app = next({ dev: false, dir: process.cwd(), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  if (!isValidHostHeader(req.headers.host)) {
    res.writeHead(400, { "content-type": "application/json", connection: "close" });
    res.end(JSON.stringify({ error: { code: "bad_request", message: "The Host header is not a valid host name" } }));
    return;
  }
  // Probes first: cheap, no credentials, answered even while Next or the database struggles.
  const probe = req.url === "/healthz" ? Promise.resolve(liveness()) : req.url === "/readyz" ? readiness() : null;
  if (probe && (req.method === "GET" || req.method === "HEAD")) {
    void probe.then((result) => {
      res.writeHead(result.status, { "content-type": "application/json", "cache-control": "no-store", ...(result.status === 503 ? { "retry-after": "2" } : {}) });
      res.end(req.method === "HEAD" ? undefined : JSON.stringify(result.body));
    });
    return;
  }
  serveIngestion(req, res)
    .then((served) => {
      if (!served) return handle(req, res);
    })
    .catch((error: Error) => {
      if (isDatabaseUnavailable(error)) {
        if (!res.headersSent) res.writeHead(503, { "content-type": "application/json", "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) });
        res.end(JSON.stringify({ error: { code: "server_error", message: "The service is temporarily unavailable; retry shortly" } }));
        return;
      }
      log(`request failed: ${error.stack ?? error.message}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "server_error", message: "Internal server error" } }));
    });
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => log(`web server ready on http://${hostname}:${port}`));

function stop() {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
