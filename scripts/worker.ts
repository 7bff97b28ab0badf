// `npm run worker`: a delivery worker on its own, for scale-out. Any number of these (and of
// `npm start` processes, which run one in-process) can share a database. Uses DATABASE_URL
// or joins the checkout's embedded PostgreSQL. SIGTERM/SIGINT stop it gracefully.
import type { Server } from "node:http";
import { ensureMigratedDatabase } from "../lib/db/bootstrap";
import { disconnectDb } from "../lib/db/client";
import { closePools } from "../lib/db/pg";
import { closeSenderSockets } from "../lib/delivery/sender";
import { startWorker, type WorkerHandle } from "../lib/delivery/worker";
import { startMetricsServer } from "../lib/metrics/http";
import { checkConfigOrExit } from "./lib/config-check";
import { takeOverShutdownSignals } from "./lib/graceful-signals";

const log = (line: string) => console.error(`[worker] ${line}`);

let worker: WorkerHandle | null = null;
let metricsServer: Server | null = null;
let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  metricsServer?.close();
  await worker?.stop();
  closeSenderSockets();
  await Promise.allSettled([closePools(), disconnectDb()]);
  process.exit(0);
}
checkConfigOrExit(log);
takeOverShutdownSignals();
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());

await ensureMigratedDatabase(log);
if (!stopping) worker = startWorker({ log });
if (!stopping) metricsServer = startMetricsServer(log);
