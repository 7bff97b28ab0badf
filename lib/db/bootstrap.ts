import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";
import { applyMigrations } from "./migrate";

export function dataDir(): string {
  return path.resolve(process.env.NAHOOK_DATA_DIR ?? ".nahook");
}

/**
 * Resolves the database for a process of this checkout: DATABASE_URL when set, otherwise the
 * embedded PostgreSQL under the data directory (started here, or joined when already running).
 * Sets process.env.DATABASE_URL so child processes and lib/db/client see the same server.
 */
export async function ensureDatabase(log: (line: string) => void = () => {}): Promise<EmbeddedDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const db = await startEmbeddedPostgres(path.join(dataDir(), "db"), log);
  process.env.DATABASE_URL = db.url;
  return db;
}

export async function ensureMigratedDatabase(log: (line: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const db = await ensureDatabase(log);
  const applied = await applyMigrations(db.url);
  if (applied.length > 0) log(`applied migrations: ${applied.join(", ")}`);
  return db;
}
