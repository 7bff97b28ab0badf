import { randomBytes } from "node:crypto";
import { buildIfStale } from "./build";
import { startThrowawayDatabase } from "./throwaway-database";

/**
 * What every benchmark starts from: the production build, a throwaway embedded PostgreSQL in a
 * temp folder with the migrations applied, and the environment its child processes inherit
 * (DATABASE_URL, and the credential key start-up requires once DATABASE_URL is set).
 * `dispose()` stops the server and removes the folder.
 */
export async function startBenchDatabase(prefix: string, log: (line: string) => void) {
  buildIfStale(log);
  const { database, dispose } = await startThrowawayDatabase(prefix, log);
  process.env.DATABASE_URL = database.url;
  process.env.NAHOOK_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  return { database, dispose };
}
