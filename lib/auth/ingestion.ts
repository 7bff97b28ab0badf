import { db } from "@/lib/db/client";
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
  const key = await db.ingestionKey.findUnique({
    where: { keyHash: hashSecret(token) },
    select: { id: true, workspaceId: true, environmentId: true, disabledAt: true, lastUsedAt: true },
  });
  if (!key) throw new ApiError("unauthorized", "Missing or invalid authorization header");
  if (key.disabledAt) throw new ApiError("token_disabled", "Ingestion key is disabled");
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    db.ingestionKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { workspaceId: key.workspaceId, environmentId: key.environmentId, keyId: key.id };
}
