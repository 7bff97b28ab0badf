import path from "node:path";
import { ensureEncryptionKey } from "@/lib/crypto/key-file";
import { encryptLegacyCredentials } from "@/lib/crypto/reencrypt";
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
  // Before any connection: no process may write credentials without the key.
  ensureEncryptionKey({ embedded: !process.env.DATABASE_URL, dataDir: dataDir(), log });
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const db = await startEmbeddedPostgres(path.join(dataDir(), "db"), log);
  process.env.DATABASE_URL = db.url;
  return db;
}

export async function ensureMigratedDatabase(log: (line: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const db = await ensureDatabase(log);
  const applied = await applyMigrations(db.url);
  if (applied.length > 0) log(`applied migrations: ${applied.join(", ")}`);
  // The data migration SQL cannot do (the key is not in the database): rows stored in plain
  // text before credentials were encrypted. Idempotent and cheap once done.
  const encrypted = await encryptLegacyCredentials(db.url);
  if (encrypted > 0) log(`encrypted the credentials of ${encrypted} endpoint(s) stored in plain text`);
  return db;
}
