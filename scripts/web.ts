// The web process started by `npm start`: Next.js (portal, Management API, docs) behind one
// node:http server that answers the Ingestion API itself (lib/ingestion/node-handler.ts).
// With NAHOOK_WEB_PROCESSES > 1 this process is a node:cluster primary: it forks that many
// servers sharing the port (the primary accepts and hands connections round-robin) and serves
// nothing itself.
import cluster from "node:cluster";
import http from "node:http";
import next from "next";
import { config } from "../lib/config";
import { liveness, readiness } from "../lib/health/probes";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "../lib/http/db-unavailable";
import { answerClientError } from "../lib/http/client-error";
import { isValidHostHeader } from "../lib/http/host";
import { serveIngestion } from "../lib/ingestion/node-handler";
import { serveMetrics } from "../lib/metrics/http";
import { answerClusterMembers, answerParent } from "../lib/metrics/peers";
import { checkConfigOrExit } from "./lib/config-check";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
const log = (line: string) => console.error(`[nahook] ${line}`);
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

checkConfigOrExit(log);
const processes = config().webProcesses;

if (cluster.isPrimary && processes > 1) await runPrimary(processes);
else await serve();

async function serve() {
  if (cluster.isWorker) answerParent();
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    if (!isValidHostHeader(req.headers.host)) {
      res.writeHead(400, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify({ error: { code: "bad_request", message: "The Host header is not a valid host name" } }));
      return;
    }
    // The fetch standard forbids these methods: Next cannot even build the Request and answers a
    // bare 500. They are never part of the API, so they get the envelope here.
    if (FORBIDDEN_METHODS.has(req.method ?? "")) {
      res.writeHead(405, { "content-type": "application/json", allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" });
      res.end(JSON.stringify({ error: { code: "method_not_allowed", message: `${req.method} is not supported` } }));
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
    serveMetrics(req, res)
      .then((served) => served || serveIngestion(req, res))
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
  server.on("clientError", answerClientError);
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => {
    if (cluster.isPrimary) log(`web server ready on http://${hostname}:${port}`);
    else process.send?.({ nahook: "listening" });
  });

  function stop() {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  }
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // A server whose parent went away (npm start or the cluster primary killed) must not linger
  // holding the port.
  if (process.send) process.on("disconnect", stop);
}

async function runPrimary(count: number) {
  let stopping = false;
  let exitCode = 0;
  let ready = 0;
  const startedAt = new Map<number, number>();
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
    worker.on("message", (msg: { nahook?: string }) => {
      if (msg?.nahook === "listening" && ++ready === count) log(`web server ready on http://${hostname}:${port} (${count} processes)`);
    });
  };
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    // A server that dies while serving is replaced; one that cannot even start (crash loop) stops
    // the primary, so `npm start` shuts down with a message instead of spinning.
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    log(`web process ${worker.process.pid} exited (${signal ?? code})${lived < 10_000 ? "; giving up" : "; restarting it"}`);
    if (lived < 10_000) return shutdown(1);
    fork();
  });
  function shutdown(code: number) {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    setTimeout(() => process.exit(code), 6000).unref();
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(code);
  }
  process.on("SIGTERM", () => shutdown(0));
  process.on("SIGINT", () => shutdown(0));
  answerClusterMembers();
  for (let i = 0; i < count; i++) fork();
}
