import path from "node:path";
import { config, useDatabaseUrl } from "@/lib/config";
import { ensureEncryptionKey } from "@/lib/crypto/key-file";
import { encryptLegacyCredentials } from "@/lib/crypto/reencrypt";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";
import { applyMigrations, pendingMigrations } from "./migrate";

export function dataDir(): string {
  return path.resolve(config().dataDir);
}

/**
 * Resolves the database for a process of this checkout: DATABASE_URL when set, otherwise the
 * embedded PostgreSQL under the data directory (started here, or joined when already running).
 * Makes it this process's DATABASE_URL, so child processes and the pools see the same server.
 */
export async function ensureDatabase(log: (line: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const configured = config().databaseUrl;
  // Before any connection: no process may write credentials without the key.
  ensureEncryptionKey({ embedded: !configured, dataDir: dataDir(), log });
  if (configured) return { url: configured, stop: async () => {} };
  const db = await startEmbeddedPostgres(path.join(dataDir(), "db"), log);
  useDatabaseUrl(db.url);
  return db;
}

/**
 * ensureDatabase, then applies pending migrations. Loading the migration engine (WebAssembly)
 * costs seconds of CPU, so a database that is already current — the usual case for a worker or
 * a CLI call joining a running deployment — is only checked against the bookkeeping table.
 */
export async function ensureMigratedDatabase(log: (line: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const db = await ensureDatabase(log);
  if ((await pendingMigrations(db.url)).length > 0) {
    const applied = await applyMigrations(db.url);
    if (applied.length > 0) log(`applied migrations: ${applied.join(", ")}`);
  }
  // The data migration SQL cannot do (the key is not in the database): rows stored in plain
  // text before credentials were encrypted. Idempotent and cheap once done.
  const encrypted = await encryptLegacyCredentials(db.url);
  if (encrypted > 0) log(`encrypted the credentials of ${encrypted} endpoint(s) stored in plain text`);
  return db;
}
