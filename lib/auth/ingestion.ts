import { queuePool } from "@/lib/db/pg";
import { ApiError } from "@/lib/http/errors";
import { bearerToken } from "./management";
import { COUNT_SQL, planLimit, rateLimitHeaders, rateState, sweepSometimes, testLimitOverride, windowSeconds, type PlanName, type RateLimitState } from "@/lib/http/rate-limit";
import { hashSecret } from "./secrets";

/** What an ingestion key grants: one environment of one workspace. */
export interface IngestionContext {
  workspaceId: string;
  environmentId: string;
  keyId: string;
  /** The key's rate-limit window, counted with this request. */
  rate: RateLimitState;
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** The shared counting upsert, fed from the key row (nothing is counted for an unknown or disabled key). */
const KEY_COUNT_SQL = COUNT_SQL.replace("VALUES ($1, now(), 1)", `SELECT 'ingest:' || k.id, now(), 1 FROM k WHERE k."disabledAt" IS NULL`).replaceAll("$2", "$2::int");

/**
 * Resolves `Bearer nhk_…` (spec §2.3): missing, malformed or unknown → 401 `unauthorized`,
 * disabled → 403 `token_disabled`; beyond the key's rate limit → 429 `rate_limited` with
 * Retry-After. The key's environment scopes every ingestion call.
 */
export async function authenticateIngestion(request: Request): Promise<IngestionContext> {
  const token = bearerToken(request);
  if (!token || !token.startsWith("nhk_")) throw new ApiError("unauthorized", "Missing or invalid authorization header");
  // Plain SQL on the delivery engine's pool, and one statement: this runs on every ingested
  // event. The key lookup and its rate-limit count (only for a usable key) go together.
  const pool = queuePool();
  const { rows } = await pool.query<{ id: string; workspaceId: string; environmentId: string; disabledAt: Date | null; lastUsedAt: Date | null; plan: PlanName; windowStart: Date | null; count: number | null }>({
    name: "nahook_ingestion_key",
    text: `WITH k AS (
       SELECT k.id, k."workspaceId", k."environmentId", k."disabledAt", k."lastUsedAt", w.plan::text AS plan
       FROM ingestion_keys k JOIN workspaces w ON w.id = k."workspaceId"
       WHERE k."keyHash" = $1
     ), rl AS (
       ${KEY_COUNT_SQL}
     )
     SELECT k.*, rl."windowStart", rl.count FROM k LEFT JOIN rl ON true`,
    values: [hashSecret(token), windowSeconds()],
  });
  const key = rows[0];
  if (!key) throw new ApiError("unauthorized", "Missing or invalid authorization header");
  if (key.disabledAt || key.windowStart === null || key.count === null) throw new ApiError("token_disabled", "Ingestion key is disabled");
  sweepSometimes(pool);
  const rate = rateState(testLimitOverride(request) ?? planLimit("ingestion", key.plan), key.windowStart, key.count);
  if (!rate.allowed) {
    throw new ApiError("rate_limited", `Rate limit of ${rate.limit} requests exceeded; retry in ${rate.retryAfter} s`, undefined, rateLimitHeaders(rate));
  }
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    pool.query(`UPDATE ingestion_keys SET "lastUsedAt" = now() WHERE id = $1`, [key.id]).catch(() => {});
  }
  return { workspaceId: key.workspaceId, environmentId: key.environmentId, keyId: key.id, rate };
}
