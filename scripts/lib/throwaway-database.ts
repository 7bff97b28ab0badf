import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";

/**
 * A throwaway embedded PostgreSQL in a temp folder, with the migrations applied: for benchmarks
 * and for specs whose setup is a whole database of their own. `dispose()` stops it and removes
 * the folder.
 */
export async function startThrowawayDatabase(prefix: string, log?: (line: string) => void) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  // The server runs as `postgres` when we are root: it must be able to enter the folder.
  chmodSync(tmp, 0o755);
  const database = await startEmbeddedPostgres(path.join(tmp, "db"), log);
  const dispose = async () => {
    await database.stop().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await applyMigrations(database.url);
  } catch (error) {
    await dispose();
    throw error;
  }
  return { database, dispose };
}
