import { queuePool } from "@/lib/db/pg";
import { ApiError } from "@/lib/http/errors";
import { bearerToken } from "./management";
import { hashSecret } from "./secrets";

/** What an ingestion key grants: one environment of one workspace. */
export interface IngestionContext {
  workspaceId: string;
  environmentId: string;
  keyId: string;
}

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves `Bearer nhk_…` (spec §2.3): missing, malformed or unknown → 401 `unauthorized`,
 * disabled → 403 `token_disabled`. The key's environment scopes every ingestion call.
 */
export async function authenticateIngestion(request: Request): Promise<IngestionContext> {
  const token = bearerToken(request);
  if (!token || !token.startsWith("nhk_")) throw new ApiError("unauthorized", "Missing or invalid authorization header");
  // Plain SQL on the delivery engine's pool: this runs on every ingested event.
  const pool = queuePool();
  const { rows } = await pool.query<{ id: string; workspaceId: string; environmentId: string; disabledAt: Date | null; lastUsedAt: Date | null }>({
    name: "nahook_ingestion_key",
    text: `SELECT id, "workspaceId", "environmentId", "disabledAt", "lastUsedAt" FROM ingestion_keys WHERE "keyHash" = $1`,
    values: [hashSecret(token)],
  });
  const key = rows[0];
  if (!key) throw new ApiError("unauthorized", "Missing or invalid authorization header");
  if (key.disabledAt) throw new ApiError("token_disabled", "Ingestion key is disabled");
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    pool.query(`UPDATE ingestion_keys SET "lastUsedAt" = now() WHERE id = $1`, [key.id]).catch(() => {});
  }
  return { workspaceId: key.workspaceId, environmentId: key.environmentId, keyId: key.id };
}
