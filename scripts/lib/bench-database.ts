import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildIfStale } from "./build";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";

/**
 * What every benchmark starts from: the production build, a throwaway embedded PostgreSQL in a
 * temp folder with the migrations applied, and the environment its child processes inherit
 * (DATABASE_URL, and the credential key start-up requires once DATABASE_URL is set).
 * `dispose()` stops the server and removes the folder.
 */
export async function startBenchDatabase(prefix: string, log: (line: string) => void) {
  buildIfStale(log);
  const tmp = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  chmodSync(tmp, 0o755);
  const database = await startEmbeddedPostgres(path.join(tmp, "db"), log);
  process.env.DATABASE_URL = database.url;
  process.env.NAHOOK_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
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
