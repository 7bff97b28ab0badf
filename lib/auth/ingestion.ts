import { queuePool } from "@/lib/db/pg";
import { ApiError } from "@/lib/http/errors";
import { consumeRateLimit, planLimit, rateLimitHeaders, testLimitOverride, type PlanName, type RateLimitState } from "@/lib/http/rate-limit";
import { bearerToken } from "./management";
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

interface KeyRow {
  id: string;
  workspaceId: string;
  environmentId: string;
  disabledAt: Date | null;
  lastUsedAt: Date | null;
  plan: PlanName;
}

/**
 * Key lookups are cached per process for at most KEY_CACHE_TTL_MS — unknown keys too —, so a
 * disabled, deleted or re-planned key takes effect within a second everywhere. A TTL rather
 * than LISTEN/NOTIFY: it needs no extra connection per web process and cannot go stale when a
 * listener silently loses its connection; one indexed lookup per key per second per process is
 * noise to PostgreSQL. Bounded, so garbage tokens cannot fill memory.
 */
export const KEY_CACHE_TTL_MS = 1_000;
const KEY_CACHE_MAX = 10_000;
const keyCache = new Map<string, { expiresAt: number; row: Promise<KeyRow | undefined> }>();

function lookupKey(keyHash: string): Promise<KeyRow | undefined> {
  const now = Date.now();
  const cached = keyCache.get(keyHash);
  if (cached && cached.expiresAt > now) return cached.row;
  // One lookup in flight per key: concurrent requests share it (no stampede when it expires).
  const row = queuePool()
    .query<KeyRow>({
      name: "nahook_ingestion_key",
      text: `SELECT k.id, k."workspaceId", k."environmentId", k."disabledAt", k."lastUsedAt", w.plan::text AS plan
       FROM ingestion_keys k JOIN workspaces w ON w.id = k."workspaceId"
       WHERE k."keyHash" = $1`,
      values: [keyHash],
    })
    .then(({ rows }) => rows[0]);
  // A failed lookup is not remembered.
  row.catch(() => {
    if (keyCache.get(keyHash)?.row === row) keyCache.delete(keyHash);
  });
  if (keyCache.size >= KEY_CACHE_MAX) {
    for (const [hash, entry] of keyCache) if (entry.expiresAt <= now) keyCache.delete(hash);
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
  }
  keyCache.set(keyHash, { expiresAt: now + KEY_CACHE_TTL_MS, row });
  return row;
}

const lastUsedWritten = new Map<string, number>();

/**
 * Resolves `Bearer nhk_…` (spec §2.3): missing, malformed or unknown → 401 `unauthorized`,
 * disabled → 403 `token_disabled`; beyond the key's rate limit → 429 `rate_limited` with
 * Retry-After. The key's environment scopes every ingestion call. Nothing is counted for an
 * unknown or disabled key.
 */
export async function authenticateIngestion(request: Request): Promise<IngestionContext> {
  const token = bearerToken(request);
  if (!token || !token.startsWith("nhk_")) throw new ApiError("unauthorized", "Missing or invalid authorization header");
  const key = await lookupKey(hashSecret(token));
  if (!key) throw new ApiError("unauthorized", "Missing or invalid authorization header");
  if (key.disabledAt) throw new ApiError("token_disabled", "Ingestion key is disabled");
  const rate = await consumeRateLimit(`ingest:${key.id}`, testLimitOverride(request) ?? planLimit("ingestion", key.plan));
  if (!rate.allowed) {
    throw new ApiError("rate_limited", `Rate limit of ${rate.limit} requests exceeded; retry in ${rate.retryAfter} s`, undefined, rateLimitHeaders(rate));
  }
  // lastUsedAt has a minute's resolution: the cached row would say "stale" for a whole TTL, so
  // remember what this process wrote.
  const now = Date.now();
  const lastUsed = Math.max(key.lastUsedAt?.getTime() ?? 0, lastUsedWritten.get(key.id) ?? 0);
  if (now - lastUsed > LAST_USED_RESOLUTION_MS) {
    if (lastUsedWritten.size >= KEY_CACHE_MAX) lastUsedWritten.clear();
    lastUsedWritten.set(key.id, now);
    queuePool().query(`UPDATE ingestion_keys SET "lastUsedAt" = now() WHERE id = $1`, [key.id]).catch(() => {});
  }
  return { workspaceId: key.workspaceId, environmentId: key.environmentId, keyId: key.id, rate };
}
