// The web process started by `npm start`: Next.js (portal, Management API, docs) behind one
// node:http server that answers the Ingestion API itself (lib/ingestion/node-handler.ts).
import http from "node:http";
import next from "next";
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
  serveIngestion(req, res)
    .then((served) => {
      if (!served) return handle(req, res);
    })
    .catch((error: Error) => {
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
