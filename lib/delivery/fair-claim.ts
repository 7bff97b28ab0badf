import type pg from "pg";
import { config } from "@/lib/config";
import { memoizeDecrypt } from "@/lib/crypto/decrypt-cache";
import { decryptCredential } from "@/lib/crypto/keyring";
import type { ClaimedDelivery } from "./queue";
import { PRESENCE_TTL_MS } from "./worker-presence";

/**
 * Fair claiming: one endpoint's backlog, however deep, cannot keep other endpoints' due
 * deliveries waiting, and a hanging endpoint can only tie up its own slots.
 *
 * Per claim: walk the distinct endpoints that have due deliveries (a loose index scan over the
 * partial (endpointId, nextAttemptAt) index — one probe per endpoint, not per row), at most
 * WALK_ENDPOINTS of them, starting after where this worker's previous claim stopped and wrapping
 * around (so that a claim costs the same with 20 or 20,000 endpoints waiting, and every one of
 * them comes round in turn); give each an
 * allowance = its in-flight cap minus what is in flight now (every worker's leases), limited by
 * its circuit breaker (open: nothing; probe due: one, when nothing is in flight) and its throttle
 * (deliveries per second since throttleNextAt); take each endpoint's oldest due rows up to the
 * allowance; then interleave endpoints round-robin (first row of each, then second of each…)
 * up to the batch size. Throttle and probe bookkeeping move in the same statement.
 *
 * Plans that stay small: a healthy system is analyzed with almost nothing waiting, so when a
 * backlog builds PostgreSQL's statistics say the queue is empty. Each step is shaped so that no
 * plan can turn it into a scan of the backlog: the walk and the picks are probes of the one queue
 * index, and the chosen rows are locked by primary key (see claim-plans.spec.ts). That includes
 * the generic plan PostgreSQL settles on for the worker's prepared claim after five executions
 * (`pg_stat_statements` shows no planning time for it in most worker processes), which knows
 * nothing of the claim's size: the claimed rows, their messages and their endpoints are reached
 * by primary key whatever it expects.
 *
 * Ownership: among live workers, each endpoint is claimed by one (worker-presence.ts).
 *
 * Claims are serialised across processes by a transaction-scoped advisory lock taken in a
 * statement of its own, so the claim statement's snapshot sees every earlier claim: the cap
 * and the throttle hold across any number of workers. A claim takes a few milliseconds; the
 * lock is never held while sending.
 */
const CLAIM_LOCK = 7_246_130_001;

/**
 * Planner settings for the claim's transaction. No bitmap scans: every step of the claim is an
 * ordered probe of an index or a primary-key lookup, and a bitmap scan returns rows unordered.
 * With statistics that think the queue nearly empty, the planner turned the walk's "next endpoint
 * with due deliveries" probe into a bitmap scan of every due row past the cursor plus a sort:
 * in the drain harness, one round in about ten ran at 453–627 deliveries/s instead of ~2,300,
 * claims at 50–65 ms reading ~3,000 rows per walk step (auto_explain). Without them the same
 * statistics states give 5.0–9.3 ms per claim against 7.0–12.9 ms (EXPLAIN ANALYZE).
 */
export const CLAIM_SETTINGS = "SET LOCAL enable_bitmapscan = off";

/** Every claimed row carries its endpoint's credentials: each distinct stored value is decrypted once. */
const decrypt = memoizeDecrypt(decryptCredential);

export interface FairClaim extends ClaimedDelivery {
  /** This endpoint's allowance was used up: more of its deliveries may be due once one finishes. */
  more: boolean;
  /**
   * The endpoint's cap on attempts in flight. A claim may hold up to `prefetch` times as many of a
   * healthy endpoint's deliveries (its last attempt succeeded) when no other worker holds any: the worker sends at most
   * `maxInFlight` at once and starts the next from memory when one answers, so a busy endpoint
   * never waits for a claim round trip between attempts. The cap holds across workers: another
   * worker can only claim once this one holds fewer than the cap, and then only up to it, while
   * this one cannot prefetch again until the other holds none.
   */
  maxInFlight: number;
  /**
   * Another worker held deliveries of this endpoint at claim time. Its cap is shared, and each
   * worker counts the other's answered attempts as in flight until their outcomes are written:
   * those outcomes are written at once rather than batched (see completions.ts).
   */
  shared: boolean;
}

/** How many endpoints with due deliveries one claim looks at, at most (see the walk above). */
export const WALK_ENDPOINTS = 100;

export interface ClaimRequest {
  limit: number;
  leaseOwner: string;
  leaseMs: number;
  /**
   * This worker's claims whose HTTP exchange has ended but whose outcome is still on its way to
   * the database (queued in the completion batcher). They are still `delivering`, but no longer
   * in flight at the receiver, so they do not count against their endpoint's cap: slots are not
   * held by bookkeeping. Other workers' such rows still count (conservative).
   */
  finished?: readonly string[];
  /** Prefix of every lease owner of the claiming worker: its claims count as its own. */
  holder?: string;
  /** The walk starts after this endpoint id (the previous claim's `walkedTo`; "" from the start). */
  cursor?: string;
  /** How many times its cap a healthy endpoint may be claimed (see FairClaim.maxInFlight); `NAHOOK_WORKER_PREFETCH` unless said. */
  prefetch?: number;
  /**
   * The same when few endpoints wait (see "depth" in CLAIM_SQL; the claim never goes below
   * `prefetch`); `NAHOOK_WORKER_PREFETCH_FEW` unless said.
   */
  prefetchFew?: number;
}

export interface ClaimResult {
  claims: FairClaim[];
  /** Settles when the claim's transaction (and with it the advisory lock) has ended. */
  committed: Promise<void>;
  /** The last endpoint the walk looked at: the next claim's cursor. */
  walkedTo: string;
  /** The walk stopped at WALK_ENDPOINTS, not because it had seen every endpoint with due deliveries. */
  cut: boolean;
}

export async function claimFair(pool: pg.Pool, request: ClaimRequest): Promise<FairClaim[]> {
  const { claims, committed } = await startClaim(pool, request);
  await committed;
  return claims;
}

/** CLAIM_SQL's parameters for a request (the configured cap, breaker and prefetch unless said). */
export function claimValues({ limit, leaseOwner, leaseMs, finished = [], holder = leaseOwner, cursor = "", prefetch = config().delivery.prefetchCaps, prefetchFew = config().delivery.prefetchFewCaps }: ClaimRequest): unknown[] {
  return [limit, leaseOwner, leaseMs, config().delivery.endpointMaxInFlight, config().delivery.breaker.failures, finished, holder, cursor, WALK_ENDPOINTS, PRESENCE_TTL_MS, prefetch, prefetchFew];
}

/**
 * The claim without waiting for its COMMIT: the rows come back as soon as the claim statement
 * has run, and `committed` settles when the transaction (and with it the advisory lock) ends.
 * The worker starts sending at once and only writes an outcome after `committed` — an outcome
 * written before the claim is visible would find no lease and be dropped. Sending before the
 * commit is at-least-once safe: if the COMMIT never lands, the rows are still due and go again.
 * The next claim (this worker's or another's) waits for the lock, so it still sees this one.
 */
export async function startClaim(pool: pg.Pool, request: ClaimRequest): Promise<ClaimResult> {
  const client = await pool.connect();
  let rows: (FairClaim & WalkColumns)[];
  try {
    await client.query(`BEGIN; ${CLAIM_SETTINGS}; SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`);
    ({ rows } = await client.query<FairClaim & WalkColumns>({
      name: "nahook_claim_fair",
      text: CLAIM_SQL,
      values: claimValues(request),
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
  // Always one row at least: it carries where the walk stopped, with no delivery when none was claimed.
  const { walkedTo, cut } = rows[0];
  const claims: FairClaim[] = rows[0].id === null ? [] : rows;
  // Credentials are stored encrypted; only the worker's memory holds them in clear. The rows are
  // this query's own objects: decrypted in place rather than copied.
  for (const r of claims) {
    r.secret = decrypt(r.secret);
    if (r.previousSecret !== null) r.previousSecret = decrypt(r.previousSecret);
    if (r.authPassword !== null) r.authPassword = decrypt(r.authPassword);
  }
  return { claims, committed, walkedTo, cut };
}

interface WalkColumns {
  walkedTo: string;
  cut: boolean;
}

export const CLAIM_SQL = `WITH RECURSIVE walk(id, n, wrapped) AS (
    -- From the cursor ($8) to the next endpoint with due deliveries, and so on; past the last
    -- one, round again from the first, up to the cursor. At most $9 steps. Every step is the same
    -- probe of the (endpointId, nextAttemptAt) index: see "plans that stay small" above.
    SELECT $8::text, 0, false
    UNION ALL
    SELECT s.id, w.n + 1, s.wrapped
    FROM walk w CROSS JOIN LATERAL (
      (SELECT d."endpointId" AS id, w.wrapped FROM deliveries d
       WHERE d."nextAttemptAt" IS NOT NULL AND d."nextAttemptAt" <= now() AND d."endpointId" > w.id
       ORDER BY d."endpointId" LIMIT 1)
      UNION ALL
      (SELECT d."endpointId", true FROM deliveries d
       WHERE NOT w.wrapped AND d."nextAttemptAt" IS NOT NULL AND d."nextAttemptAt" <= now() AND d."endpointId" > ''
       ORDER BY d."endpointId" LIMIT 1)
      LIMIT 1
    ) s
    WHERE w.n < $9::int AND (NOT s.wrapped OR s.id <= $8::text)
  ), live AS (
    -- Live workers (see worker-presence.ts). A claimer that is not one of them (none registered,
    -- or a one-off claim) is not held to ownership.
    SELECT id FROM delivery_workers WHERE "seenAt" > now() - $10 * interval '1 millisecond'
  ), depth AS (
    -- Prefetch depth: $11 caps, or deeper when so few endpoints wait that the batch split
    -- between them (share, in rows) holds more of each, up to $12 caps. One busy endpoint alone
    -- is then claimed in batches of up to $12 caps instead of $11 (fewer claims per delivery,
    -- so the claim loop stays ahead of its arrivals), while among many endpoints nothing changes.
    SELECT $1::int / GREATEST(1, count(*)::int) AS share FROM walk WHERE n > 0
  ), ep AS (
    SELECT e.id, e.type, e.url, e.config, e.secret, e."previousSecret", e."previousSecretExpiresAt", e."authUsername",
      e."authPassword", e."isActive", e."failingSince", COALESCE(e."maxInFlight", $4::int) AS cap, f.others,
      -- A disabled endpoint's deliveries are only marked failed (nothing is sent): no limits.
      CASE WHEN NOT e."isActive" THEN $1::int ELSE GREATEST(0, LEAST(
        -- Prefetch (see FairClaim.maxInFlight): an unthrottled endpoint whose last attempt
        -- succeeded and that no other worker holds may be claimed up to $11 times its cap; otherwise
        -- (a new or failing endpoint too) claims stay within the cap.
        -- Affinity: another worker claimed this endpoint within the last second and still holds
        -- some: it is serving it (and may prefetch), so a worker that holds none leaves it
        -- alone. Two workers taking turns under one cap would each wait a claim round trip;
        -- two that both hold some share the cap until one has none left.
        -- Ownership: another live worker is this endpoint's owner (rendezvous hashing).
        CASE WHEN EXISTS (SELECT 1 FROM live WHERE live.id = $7)
                  AND (SELECT live.id FROM live ORDER BY hashtextextended(live.id || e.id, 0) DESC, live.id LIMIT 1) <> $7 THEN 0
             WHEN f.others_recent AND f.mine = 0 THEN 0
             WHEN f.others = 0 AND e."consecutiveFailures" = 0 AND e."lastDeliveryStatus" = 'delivered' AND e."throttleRate" IS NULL
             THEN GREATEST($11::int, LEAST($12::int, depth.share / COALESCE(e."maxInFlight", $4::int))) * COALESCE(e."maxInFlight", $4::int) - f.mine
             ELSE COALESCE(e."maxInFlight", $4::int) - f.mine - f.others END,
        CASE WHEN e."consecutiveFailures" < $5::int THEN $1::int
             WHEN (e."nextProbeAt" IS NULL OR e."nextProbeAt" <= now()) AND f.mine + f.others = 0 THEN 1
             ELSE 0 END,
        CASE WHEN e."throttleRate" IS NULL THEN $1::int
             ELSE floor(extract(epoch FROM now() - GREATEST(e."throttleNextAt", now() - interval '1 second')) * e."throttleRate")::int + 1 END
      )) END::int AS allowance
    -- Each walked endpoint by its primary key (LIMIT keeps the lookup from becoming a join that
    -- reads every endpoint).
    FROM walk w
    CROSS JOIN depth
    CROSS JOIN LATERAL (SELECT * FROM endpoints e WHERE e.id = w.id LIMIT 1) e
    CROSS JOIN LATERAL (SELECT n - mine AS others, mine, others_recent FROM (
                          SELECT count(*)::int AS n, count(*) FILTER (WHERE starts_with(x."leaseOwner", $7))::int AS mine,
                            -- A lease ends leaseMs after its claim.
                            COALESCE(bool_or(NOT starts_with(x."leaseOwner", $7) AND x."leaseExpiresAt" > now() + ($3 - 1000) * interval '1 millisecond'), false) AS others_recent
                          FROM deliveries x
                          WHERE x."endpointId" = e.id AND x.status = 'delivering' AND x.id <> ALL($6::text[])) c) f
    WHERE w.n > 0
  ), picked AS (
    SELECT d.id, d."endpointId", d."nextAttemptAt", ep.allowance,
      row_number() OVER (PARTITION BY d."endpointId" ORDER BY d."nextAttemptAt", d.id) AS rn
    FROM ep CROSS JOIN LATERAL (
      SELECT id, "endpointId", "nextAttemptAt" FROM deliveries
      WHERE "endpointId" = ep.id AND "nextAttemptAt" IS NOT NULL AND "nextAttemptAt" <= now()
      ORDER BY "nextAttemptAt" LIMIT LEAST(ep.allowance, $1)
    ) d
    WHERE ep.allowance > 0
  ), chosen AS (
    SELECT id, "endpointId", allowance FROM picked ORDER BY rn, "nextAttemptAt" LIMIT $1
  ), per_ep AS (
    SELECT chosen."endpointId" AS id, count(*)::int AS n, max(chosen.allowance) AS allowance, max(ep.cap) AS cap, max(ep.others) > 0 AS shared
    FROM chosen JOIN ep ON ep.id = chosen."endpointId" GROUP BY chosen."endpointId"
  ), locked AS (
    -- Only the chosen rows are locked (claims are serialised by the lock, so picking needs none),
    -- each by its primary key; one another transaction holds (a deletion) is skipped, and one
    -- no longer due once locked is not taken. The due test applies to the locked row (LIMIT
    -- keeps it out of the lookup): as a condition of the lookup, it lets the planner find the
    -- row through the due index, a scan of the whole backlog per row.
    SELECT l.id FROM chosen
    CROSS JOIN LATERAL (SELECT d.id, d."nextAttemptAt" FROM deliveries d WHERE d.id = chosen.id LIMIT 1 FOR UPDATE SKIP LOCKED) l
    WHERE l."nextAttemptAt" IS NOT NULL
  ), ep_upd AS (
    UPDATE endpoints e
    SET "throttleNextAt" = CASE WHEN e."throttleRate" IS NULL THEN e."throttleNextAt"
          ELSE GREATEST(e."throttleNextAt", now() - interval '1 second') + per_ep.n * (interval '1 second' / e."throttleRate") END,
        -- A probe is in flight: no other probe before its lease could have ended.
        "nextProbeAt" = CASE WHEN e."consecutiveFailures" >= $5::int THEN now() + $3 * interval '1 millisecond' ELSE e."nextProbeAt" END
    FROM per_ep
    WHERE e.id = per_ep.id AND e.id = ANY(ARRAY(SELECT id FROM per_ep)) -- by primary key, as in upd
      AND (e."throttleRate" IS NOT NULL OR e."consecutiveFailures" >= $5::int)
    RETURNING e.id -- runs whether or not it is read, like every data-modifying WITH
  ), upd AS (
    UPDATE deliveries d
    SET status = 'delivering', "nextAttemptAt" = NULL, "leaseOwner" = $2,
        "leaseExpiresAt" = now() + $3 * interval '1 millisecond', "updatedAt" = now()
    -- The locked ids as an array: a primary-key lookup each, whatever the plan thinks of their number.
    WHERE d.id = ANY(ARRAY(SELECT id FROM locked))
    RETURNING d.id, d."workspaceId", d."totalAttempts", d."leaseOwner", d."messageId", d."endpointId"
  ), claimed AS (
    SELECT upd.id, upd."workspaceId", upd."totalAttempts", upd."leaseOwner",
      m.id AS "messageId", m.payload, m."eventType", m."createdAt" AS "messageCreatedAt",
      e.id AS "endpointId", e.type AS "endpointType", e.url, e.config, e.secret, e."previousSecret",
      e."previousSecretExpiresAt", e."authUsername", e."authPassword", e."isActive", e."failingSince",
      per_ep.n >= per_ep.allowance AS more, per_ep.cap AS "maxInFlight", per_ep.shared
    FROM upd
    -- By primary key, row by row: as a plain join, a plan that expects many rows reads all of messages.
    CROSS JOIN LATERAL (SELECT * FROM messages m WHERE m.id = upd."messageId" LIMIT 1) m
    JOIN ep e ON e.id = upd."endpointId"
    JOIN per_ep ON per_ep.id = upd."endpointId"
  ), walked AS (
    SELECT id AS "walkedTo", n >= $9::int AS cut FROM walk ORDER BY n DESC LIMIT 1
  )
  SELECT claimed.*, walked.* FROM walked LEFT JOIN claimed ON true`;
