import type pg from "pg";
import { config } from "@/lib/config";
import { decryptCredential, decryptNullable } from "@/lib/crypto/keyring";
import type { ClaimedDelivery } from "./queue";

/**
 * Fair claiming: one endpoint's backlog, however deep, cannot keep other endpoints' due
 * deliveries waiting, and a hanging endpoint can only tie up its own slots.
 *
 * Per claim: walk the distinct endpoints that have due deliveries (a loose index scan over the
 * partial (endpointId, nextAttemptAt) index — one probe per endpoint, not per row); give each an
 * allowance = its in-flight cap minus what is in flight now (every worker's leases), limited by
 * its circuit breaker (open: nothing; probe due: one, when nothing is in flight) and its throttle
 * (deliveries per second since throttleNextAt); take each endpoint's oldest due rows up to the
 * allowance; then interleave endpoints round-robin (first row of each, then second of each…)
 * up to the batch size. Throttle and probe bookkeeping move in the same statement.
 *
 * Claims are serialised across processes by a transaction-scoped advisory lock taken in a
 * statement of its own, so the claim statement's snapshot sees every earlier claim: the cap
 * and the throttle hold across any number of workers. A claim takes a few milliseconds; the
 * lock is never held while sending.
 */
const CLAIM_LOCK = 7_246_130_001;

export interface FairClaim extends ClaimedDelivery {
  /** This endpoint's allowance was used up: more of its deliveries may be due once one finishes. */
  more: boolean;
}

/**
 * `finished`: this worker's claims whose HTTP exchange has ended but whose outcome is still on
 * its way to the database (queued in the completion batcher). They are still `delivering`, but no
 * longer in flight at the receiver, so they do not count against their endpoint's cap: slots are
 * not held by bookkeeping. Other workers' such rows still count (conservative).
 */
export async function claimFair(limit: number, leaseOwner: string, leaseMs: number, pool: pg.Pool, finished: readonly string[] = []): Promise<FairClaim[]> {
  const { claims, committed } = await startClaim(limit, leaseOwner, leaseMs, pool, finished);
  await committed;
  return claims;
}

/**
 * The claim without waiting for its COMMIT: the rows come back as soon as the claim statement
 * has run, and `committed` settles when the transaction (and with it the advisory lock) ends.
 * The worker starts sending at once and only writes an outcome after `committed` — an outcome
 * written before the claim is visible would find no lease and be dropped. Sending before the
 * commit is at-least-once safe: if the COMMIT never lands, the rows are still due and go again.
 * The next claim (this worker's or another's) waits for the lock, so it still sees this one.
 */
export async function startClaim(
  limit: number,
  leaseOwner: string,
  leaseMs: number,
  pool: pg.Pool,
  finished: readonly string[] = [],
): Promise<{ claims: FairClaim[]; committed: Promise<void> }> {
  const client = await pool.connect();
  let rows: FairClaim[];
  try {
    await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`);
    ({ rows } = await client.query<FairClaim>({
      name: "nahook_claim_fair",
      text: CLAIM_SQL,
      values: [limit, leaseOwner, leaseMs, config().delivery.endpointMaxInFlight, config().delivery.breaker.failures, finished],
    }));
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    client.release();
    throw error;
  }
  const committed = client.query("COMMIT").then(
    () => client.release(),
    (error: Error) => {
      // A connection that failed mid-commit is not handed back to the pool.
      client.release(error);
      throw error;
    },
  );
  // Observed by the caller; this keeps an unobserved failure from being an unhandled rejection.
  committed.catch(() => {});
  // Credentials are stored encrypted; only the worker's memory holds them in clear.
  const claims = rows.map((r) => ({ ...r, secret: decryptCredential(r.secret), previousSecret: decryptNullable(r.previousSecret), authPassword: decryptNullable(r.authPassword) }));
  return { claims, committed };
}

export const CLAIM_SQL = `WITH RECURSIVE due_ep(id) AS (
    (SELECT "endpointId" FROM deliveries
     WHERE "nextAttemptAt" IS NOT NULL AND "nextAttemptAt" <= now()
     ORDER BY "endpointId" LIMIT 1)
    UNION ALL
    SELECT (SELECT d."endpointId" FROM deliveries d
            WHERE d."nextAttemptAt" IS NOT NULL AND d."nextAttemptAt" <= now() AND d."endpointId" > due_ep.id
            ORDER BY d."endpointId" LIMIT 1)
    FROM due_ep WHERE due_ep.id IS NOT NULL
  ), ep AS (
    SELECT e.id,
      -- A disabled endpoint's deliveries are only marked failed (nothing is sent): no limits.
      CASE WHEN NOT e."isActive" THEN $1::int ELSE GREATEST(0, LEAST(
        COALESCE(e."maxInFlight", $4::int) - f.n,
        CASE WHEN e."consecutiveFailures" < $5::int THEN $1::int
             WHEN (e."nextProbeAt" IS NULL OR e."nextProbeAt" <= now()) AND f.n = 0 THEN 1
             ELSE 0 END,
        CASE WHEN e."throttleRate" IS NULL THEN $1::int
             ELSE floor(extract(epoch FROM now() - GREATEST(e."throttleNextAt", now() - interval '1 second')) * e."throttleRate")::int + 1 END
      )) END::int AS allowance
    FROM endpoints e
    CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM deliveries x
                        WHERE x."endpointId" = e.id AND x.status = 'delivering' AND x.id <> ALL($6::text[])) f
    WHERE e.id IN (SELECT id FROM due_ep WHERE id IS NOT NULL)
  ), picked AS (
    SELECT d.id, d."endpointId", d."nextAttemptAt", ep.allowance,
      row_number() OVER (PARTITION BY d."endpointId" ORDER BY d."nextAttemptAt", d.id) AS rn
    FROM ep CROSS JOIN LATERAL (
      SELECT id, "endpointId", "nextAttemptAt" FROM deliveries
      WHERE "endpointId" = ep.id AND "nextAttemptAt" IS NOT NULL AND "nextAttemptAt" <= now()
      ORDER BY "nextAttemptAt" LIMIT ep.allowance
      FOR UPDATE SKIP LOCKED
    ) d
    WHERE ep.allowance > 0
  ), chosen AS (
    SELECT id, "endpointId", allowance FROM picked ORDER BY rn, "nextAttemptAt" LIMIT $1
  ), per_ep AS (
    SELECT "endpointId" AS id, count(*)::int AS n, max(allowance) AS allowance FROM chosen GROUP BY "endpointId"
  ), ep_upd AS (
    UPDATE endpoints e
    SET "throttleNextAt" = CASE WHEN e."throttleRate" IS NULL THEN e."throttleNextAt"
          ELSE GREATEST(e."throttleNextAt", now() - interval '1 second') + per_ep.n * (interval '1 second' / e."throttleRate") END,
        -- A probe is in flight: no other probe before its lease could have ended.
        "nextProbeAt" = CASE WHEN e."consecutiveFailures" >= $5::int THEN now() + $3 * interval '1 millisecond' ELSE e."nextProbeAt" END
    FROM per_ep
    WHERE e.id = per_ep.id AND (e."throttleRate" IS NOT NULL OR e."consecutiveFailures" >= $5::int)
    RETURNING e.id -- runs whether or not it is read, like every data-modifying WITH
  ), upd AS (
    UPDATE deliveries d
    SET status = 'delivering', "nextAttemptAt" = NULL, "leaseOwner" = $2,
        "leaseExpiresAt" = now() + $3 * interval '1 millisecond', "updatedAt" = now()
    FROM chosen
    WHERE d.id = chosen.id
    RETURNING d.id, d."workspaceId", d."totalAttempts", d."leaseOwner", d."messageId", d."endpointId"
  )
  SELECT upd.id, upd."workspaceId", upd."totalAttempts", upd."leaseOwner",
    m.id AS "messageId", m.payload, m."eventType", m."createdAt" AS "messageCreatedAt",
    e.id AS "endpointId", e.type AS "endpointType", e.url, e.config, e.secret, e."previousSecret",
    e."previousSecretExpiresAt", e."authUsername", e."authPassword", e."isActive", e."failingSince",
    per_ep.n >= per_ep.allowance AS more
  FROM upd
  JOIN messages m ON m.id = upd."messageId"
  JOIN endpoints e ON e.id = upd."endpointId"
  JOIN per_ep ON per_ep.id = upd."endpointId"`;
