// `npm start`: the whole product in one command. Uses DATABASE_URL or starts the embedded
// PostgreSQL, applies migrations, builds the app when its sources changed, serves it
// (scripts/web.ts: Next.js plus the Ingestion API on plain node:http) and runs the delivery
// worker in this process (NAHOOK_WORKER=off to disable).
import { spawn } from "node:child_process";
import path from "node:path";
import { config } from "../lib/config";
import { ensureMigratedDatabase } from "../lib/db/bootstrap";
import { closePools } from "../lib/db/pg";
import { startWorker, type WorkerHandle } from "../lib/delivery/worker";
import { answerChild } from "../lib/metrics/peers";
import { buildIfStale } from "./lib/build";
import { checkConfigOrExit } from "./lib/config-check";
import { takeOverShutdownSignals } from "./lib/graceful-signals";

const log = (line: string) => console.error(`[nahook] ${line}`);
const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "0.0.0.0";

checkConfigOrExit(log);

// Shutdown order matters (worker, then web, then database): handle the signals ourselves.
takeOverShutdownSignals();
const database = await ensureMigratedDatabase(log);
if (!config().skipBuild) buildIfStale(log);

const web = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "web.ts")], {
  // The IPC channel lets the web process include this process's metrics (the worker's) in /metrics.
  stdio: ["ignore", "inherit", "inherit", "ipc"],
  env: { ...process.env, PORT: port, HOST: host, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});
answerChild(web);
log(`serving on http://localhost:${port}`);

// The delivery worker runs in this process (not in the web server), so `npm start` is the whole
// product; `npm run worker` adds more workers, NAHOOK_WORKER=off leaves delivery to them.
const worker: WorkerHandle | null = !config().runWorker ? null : startWorker({ log: (line) => log(`worker: ${line}`) });

// Never serve on a dead database: the embedded server is restarted when it dies, and when it
// cannot be, the product exits non-zero so systemd/docker restarts it.
database.supervise?.(log, (error) => {
  log(`${error.message}; exiting`);
  void shutdown(1);
});

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  web.kill("SIGTERM");
  await worker?.stop().catch((error: Error) => log(`worker stop failed: ${error.message}`));
  await closePools().catch(() => {});
  await database.stop().catch(() => {});
  process.exit(code);
}
web.on("exit", (code) => void shutdown(code ?? 1));
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
