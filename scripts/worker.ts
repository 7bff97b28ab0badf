// `npm run worker`: a delivery worker on its own, for scale-out. Any number of these (and of
// `npm start` processes, which run one in-process) can share a database. Uses DATABASE_URL
// or joins the checkout's embedded PostgreSQL. SIGTERM/SIGINT stop it gracefully.
import pg from "pg";
import { ensureDatabase, ensureMigratedDatabase } from "../lib/db/bootstrap";
import { listMigrationFolders } from "../lib/db/migrate";
import { disconnectDb } from "../lib/db/client";
import { closeQueuePool } from "../lib/delivery/pg";
import { closeSenderSockets } from "../lib/delivery/sender";
import { startWorker, type WorkerHandle } from "../lib/delivery/worker";
import { takeOverShutdownSignals } from "./lib/graceful-signals";

const log = (line: string) => console.error(`[worker] ${line}`);

let worker: WorkerHandle | null = null;
let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await worker?.stop();
  closeSenderSockets();
  await Promise.allSettled([closeQueuePool(), disconnectDb()]);
  process.exit(0);
}
takeOverShutdownSignals();
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());

/**
 * Loading the migration engine (WebAssembly) costs seconds of CPU; a worker joining a database
 * that is already up to date — the usual case — checks the bookkeeping table instead.
 */
async function schemaIsCurrent(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ name: string }>(`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
    const applied = new Set(rows.map((r) => r.name));
    return listMigrationFolders().every((name) => applied.has(name));
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const database = await ensureDatabase(log);
if (!(await schemaIsCurrent(database.url))) await ensureMigratedDatabase(log);
if (!stopping) worker = startWorker({ log });
