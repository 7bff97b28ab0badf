import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { queuePool } from "@/lib/db/pg";

/**
 * Probes for load balancers and orchestrators. No credentials, nothing revealed beyond
 * "ok"/"unavailable": they are served to anyone who can reach the port.
 *
 * - liveness (`GET /healthz`): the process answers. Never touches the database, so a database
 *   outage does not get healthy web processes restarted.
 * - readiness (`GET /readyz`): the database answers and every migration folder of this build
 *   is applied. 503 otherwise, so traffic waits for a deploy's migrations or a restarting database.
 */

export interface ProbeResult {
  status: 200 | 503;
  body: { status: "ok" | "unavailable" };
}

const CHECK_TIMEOUT_MS = 2_000;
let expected: string[] | null = null;
let migrationsConfirmed = false;

export function liveness(): ProbeResult {
  return { status: 200, body: { status: "ok" } };
}

export async function readiness(): Promise<ProbeResult> {
  try {
    await withTimeout(check(), CHECK_TIMEOUT_MS);
    return { status: 200, body: { status: "ok" } };
  } catch {
    return { status: 503, body: { status: "unavailable" } };
  }
}

async function check(): Promise<void> {
  expected ??= listMigrationFolders();
  if (migrationsConfirmed) {
    // Migrations never un-apply: once confirmed, a readiness check is one trivial query.
    await queuePool().query("SELECT 1");
    return;
  }
  const { rows } = await queuePool().query<{ name: string }>(`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
  const applied = new Set(rows.map((r) => r.name));
  if (!expected.every((name) => applied.has(name))) throw new Error("migrations pending");
  migrationsConfirmed = true;
}

/** The migration folders this build ships (lib/db/migrate's list, without loading the engine). */
function listMigrationFolders(): string[] {
  const dir = path.join(process.cwd(), "prisma", "migrations");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), ms);
    }),
  ]);
}

/** The same answer as a web Response (Next route handlers). */
export function probeResponse(result: ProbeResult): Response {
  return Response.json(result.body, { status: result.status, headers: { "cache-control": "no-store", ...(result.status === 503 ? { "Retry-After": "2" } : {}) } });
}
