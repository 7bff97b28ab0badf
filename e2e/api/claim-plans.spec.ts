import pg from "pg";
import { INGEST_CONNECTION_OPTIONS } from "@/lib/db/pg";
import { ENQUEUE_STATEMENT, enqueueMessages, enqueueStatement, type EnqueueOutcome } from "@/lib/delivery/enqueue-many";
import { CLAIM_SETTINGS, CLAIM_SQL, WALK_ENDPOINTS } from "@/lib/delivery/fair-claim";
import { PRESENCE_TTL_MS } from "@/lib/delivery/worker-presence";
import { TRIGGER_TARGETS_SQL } from "@/lib/ingestion/trigger";
import { historyPageSql } from "@/lib/delivery-history/deliveries";
import { readQueueSnapshot } from "@/lib/metrics/queue-gauges";
import { expect, test } from "../support/fixtures";
import { TEST_ENDPOINT_SECRET, insertWorkspace, startPrivateDatabase } from "../support/delivery";

// Plans that stay small. A healthy system is analyzed with almost nothing waiting, so when an
// outage or a burst leaves a backlog, PostgreSQL's statistics say the queue is empty. The claim
// must not let that choose a plan that walks the backlog: its work stays proportional to what it
// claims. Likewise the ingest statement's work stays proportional to the events it writes.
// A database of its own: the statistics are part of the setup.

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}

/** The most rows through any one node of the plan (over all its loops). */
function busiestNode(node: PlanNode): { rows: number; node: string } {
  let best = { rows: node["Actual Rows"] * node["Actual Loops"], node: `${node["Node Type"]} ${node["Index Name"] ?? node["Relation Name"] ?? ""}` };
  for (const child of node.Plans ?? []) {
    const b = busiestNode(child);
    if (b.rows > best.rows) best = b;
  }
  return best;
}

/** The most rows one scan of a table or index read (over all its loops, filtered out or not). */
function busiestScan(node: PlanNode): { rows: number; scan: string } {
  const read = node["Relation Name"] ? (node["Actual Rows"] + (node["Rows Removed by Filter"] ?? 0)) * node["Actual Loops"] : 0;
  let best = { rows: read, scan: `${node["Node Type"]} ${node["Index Name"] ?? node["Relation Name"] ?? ""}` };
  for (const child of node.Plans ?? []) {
    const b = busiestScan(child);
    if (b.rows > best.rows) best = b;
  }
  return best;
}

const claimParams = (limit: number, owner: string, cursor = "", holder = "plan:", prefetch = 2, prefetchFew = prefetch) => [limit, owner, 60_000, 6, 5, [], holder, cursor, WALK_ENDPOINTS, PRESENCE_TTL_MS, prefetch, prefetchFew];

/** A private database with one workspace, its default environment and `endpoints` endpoints. */
async function database(endpoints: number) {
  const { pool, url, dispose } = await startPrivateDatabase("plans");
  await insertWorkspace(pool, { ws: "ws_plan", env: "env_plan" });
  await pool.query(
    `INSERT INTO endpoints (id, "workspaceId", "environmentId", url, secret, "lastDeliveryStatus", "updatedAt")
     SELECT 'ep_plan_' || lpad(g::text, 5, '0'), 'ws_plan', 'env_plan', 'http://127.0.0.1:9/' || g, $2, 'delivered', now()
     FROM generate_series(1, $1::int) g`,
    [endpoints, TEST_ENDPOINT_SECRET],
  );
  /** `count` deliveries spread over the endpoints; `nextAt`: when due, relative to now (an interval), null for history. */
  const seed = (from: number, count: number, status: string, nextAt: string | null) =>
    pool.query(
      `WITH m AS (
         INSERT INTO messages (id, "workspaceId", "environmentId", "eventType", payload, "payloadSize")
         SELECT 'msg_plan_' || g, 'ws_plan', 'env_plan', 'plan.test', '{"n":' || g || '}', 8 FROM generate_series($1::int, $1::int + $2::int - 1) g
         RETURNING id
       )
       INSERT INTO deliveries (id, "workspaceId", "environmentId", "endpointId", "messageId", "idempotencyKey", status, "nextAttemptAt", "totalAttempts", "updatedAt")
       SELECT replace(id, 'msg_', 'del_'), 'ws_plan', 'env_plan', 'ep_plan_' || lpad((1 + split_part(id, '_', 3)::int % $5::int)::text, 5, '0'), id, id,
              $3::"DeliveryStatus", now() + $4::interval, CASE WHEN $3 = 'pending' THEN 0 ELSE 1 END, now()
       FROM m`,
      [from, count, status, nextAt, endpoints],
    );
  const db = {
    pool,
    url,
    seed,
    /** A statement's plan, run and rolled back; `settings`: SET LOCAL statements to run first. */
    async explain(text: string, values: unknown[], settings = "") {
      const client = await pool.connect();
      try {
        await client.query(`BEGIN; ${settings}`);
        const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values);
        return rows[0]["QUERY PLAN"][0].Plan;
      } finally {
        await client.query("ROLLBACK");
        client.release();
      }
    },
    /** The claim's plan under the planner settings the worker claims with. */
    explainClaim: (limit: number, cursor = "") => db.explain(CLAIM_SQL, claimParams(limit, "plan:x", cursor), CLAIM_SETTINGS),
    /**
     * The claim's generic plan, made without the parameters' values: PostgreSQL settles on it for
     * the worker's prepared claim after five executions when it looks no costlier, which is most
     * of the time. Run and rolled back.
     */
    async explainGenericClaim(limit: number) {
      const client = await pool.connect();
      try {
        await client.query(`BEGIN; SET LOCAL plan_cache_mode = force_generic_plan; ${CLAIM_SETTINGS}`);
        await client.query(`PREPARE generic_claim(int, text, int, int, int, text[], text, text, int, int, int, int) AS ${CLAIM_SQL}`);
        const args = claimParams(limit, "plan:g").map((v) => (Array.isArray(v) ? "'{}'::text[]" : typeof v === "string" ? `'${v}'` : String(v)));
        const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE generic_claim(${args.join(", ")})`);
        const plan = rows[0]["QUERY PLAN"][0].Plan;
        // Generic indeed: the walk's bound is still the parameter, not its value.
        expect(JSON.stringify(plan)).toContain("$9");
        return plan;
      } finally {
        await client.query("ROLLBACK");
        client.release();
      }
    },
    claim: (limit: number, owner: string, cursor = "", holder = "plan:", prefetch = 2, prefetchFew = prefetch) =>
      pool.query<{ id: string | null; endpointId: string | null; walkedTo: string; cut: boolean }>(CLAIM_SQL, claimParams(limit, owner, cursor, holder, prefetch, prefetchFew)),
    /** Puts the deliveries claimed by lease owners starting with `prefix` back, due a minute ago. */
    unclaim: (prefix: string) =>
      pool.query(`UPDATE deliveries SET status = 'pending', "nextAttemptAt" = now() - interval '1 minute', "leaseOwner" = NULL, "leaseExpiresAt" = NULL WHERE starts_with("leaseOwner", $1)`, [prefix]),
    close: dispose,
  };
  return db;
}

/** A test body run against a database of its own with `endpoints` endpoints, closed afterwards. */
function withDatabase(endpoints: number, body: (db: Awaited<ReturnType<typeof database>>) => Promise<void>) {
  return async () => {
    test.setTimeout(120_000);
    const db = await database(endpoints);
    try {
      await body(db);
    } finally {
      await db.close();
    }
  };
}

test("a claim over a backlog the statistics do not know of reads only what it claims", withDatabase(20, async (db) => {
  // History that was all delivered when it was analyzed, then a backlog of 60,000 due ones
  // (waiting for a minute) and 500 retries due in an hour.
  await db.seed(1, 60_000, "delivered", null);
  await db.pool.query("VACUUM ANALYZE deliveries");
  await db.seed(100_001, 60_000, "pending", "-1 minute");
  await db.seed(200_001, 500, "scheduled_retry", "1 hour");

  // The queue gauges read the same index as the claim.
  const queue = await readQueueSnapshot(db.pool);
  expect(queue).toMatchObject({ due: 60_000, scheduled: 500, inFlight: 0 });
  expect(queue.oldestDueAgeSeconds).toBeGreaterThanOrEqual(59);
  expect(queue.oldestDueAgeSeconds).toBeLessThan(300);

  const plan = await db.explainClaim(50);
  expect(plan["Actual Rows"]).toBe(50);
  // 20 endpoints with room for 12 each (twice the default cap of 6): a few hundred rows are
  // looked at, whatever the backlog. A plan that walks the due range reads all 60,000.
  const busiest = busiestScan(plan);
  expect(busiest.rows, `${busiest.scan} read ${busiest.rows} rows`).toBeLessThanOrEqual(1_000);
  // The same for the generic plan.
  const generic = await db.explainGenericClaim(50);
  expect(generic["Actual Rows"]).toBe(50);
  const genericBusiest = busiestScan(generic);
  expect(genericBusiest.rows, `${genericBusiest.scan} read ${genericBusiest.rows} rows`).toBeLessThanOrEqual(1_000);

  // Claimed for real this time: the gauges move with it.
  expect((await db.claim(50, "plan:2")).rows.filter((r) => r.id !== null)).toHaveLength(50);
  expect(await readQueueSnapshot(db.pool)).toMatchObject({ due: 59_950, scheduled: 500, inFlight: 50 });
}));

test("with thousands of endpoints waiting, a claim looks at a bounded number and the next ones come round in turn", withDatabase(5_000, async (db) => {
  await db.seed(1, 10_000, "pending", "-1 minute");
  await db.pool.query("ANALYZE deliveries");
  // One claim reads about WALK_ENDPOINTS endpoints' worth, not 5,000.
  const busiest = busiestScan(await db.explainClaim(WALK_ENDPOINTS));
  expect(busiest.rows, `${busiest.scan} read ${busiest.rows} rows`).toBeLessThanOrEqual(20 * WALK_ENDPOINTS);
  // The generic plan too: every endpoint, message and delivery it touches by primary key, none
  // of the 5,000 endpoints or 10,000 messages read through.
  const generic = busiestScan(await db.explainGenericClaim(WALK_ENDPOINTS));
  expect(generic.rows, `${generic.scan} read ${generic.rows} rows`).toBeLessThanOrEqual(20 * WALK_ENDPOINTS);

  // Each claim continues where the previous one stopped: one delivery of every endpoint
  // before a second of any.
  const served = new Map<string, number>();
  let cursor = "";
  for (let i = 0; i < 5_000 / WALK_ENDPOINTS; i++) {
    const { rows } = await db.claim(WALK_ENDPOINTS, `plan:${i}`, cursor);
    expect(rows.every((r) => r.cut)).toBe(true);
    for (const r of rows) if (r.endpointId) served.set(r.endpointId, (served.get(r.endpointId) ?? 0) + 1);
    cursor = rows[0].walkedTo;
  }
  expect(served.size).toBe(5_000);
  expect(Math.max(...served.values())).toBe(1);
  // Round again: the walk wrapped and carries on with the second deliveries.
  const next = await db.claim(WALK_ENDPOINTS, "plan:again", cursor);
  expect(next.rows.filter((r) => r.id !== null)).toHaveLength(WALK_ENDPOINTS);
  expect(next.rows.map((r) => r.endpointId)).toContain("ep_plan_00001");
}));

test("an ingest batch looks each target's endpoint up once, by its primary key", withDatabase(500, async (db) => {
  await db.pool.query("ANALYZE endpoints");
  // 20 events to 20 different endpoints of one environment, as a batch request or 20
  // concurrent sends gathered by the group committer write them.
  const inputs = Array.from({ length: 20 }, (_, i) => ({
    workspaceId: "ws_plan", environmentId: "env_plan", eventTypeId: null, eventType: "plan.batch", payload: `{"n":${i}}`,
    targets: [{ endpointId: `ep_plan_${String(i + 1).padStart(5, "0")}`, idempotencyKey: `batch-${i}` }],
  }));
  const { text, values } = enqueueStatement(inputs);
  const plan = await db.explain(text, values);
  expect(plan["Actual Rows"]).toBe(20);
  // Matching every target against every (endpoint, message) pair put 8,000 rows through one
  // node (a few small joins of the 20 rows with each other stay under 1,000); looking
  // endpoints up through the environment, or scanning them, reads all 500.
  const node = busiestNode(plan);
  expect(node.rows, `${node.node}: ${node.rows} rows`).toBeLessThanOrEqual(1_000);
  const scan = busiestScan(plan);
  expect(scan.rows, `${scan.scan} read ${scan.rows} rows`).toBeLessThanOrEqual(100);
}));

test("the ingest statement's plan, made once per connection on empty tables, still reads only what it writes when they have grown", withDatabase(20, async (db) => {
  // The plan under test is the one made on empty tables: no automatic ANALYZE may replace it.
  await db.pool.query("ALTER TABLE deliveries SET (autovacuum_enabled = off); ALTER TABLE messages SET (autovacuum_enabled = off); ALTER TABLE endpoints SET (autovacuum_enabled = off)");
  const inputs = (tag: string, keyOf = (i: number) => `${tag}-${i}`) =>
    Array.from({ length: 20 }, (_, i) => ({
      workspaceId: "ws_plan", environmentId: "env_plan", eventTypeId: null, eventType: "plan.cached", payload: `{"n":${i}}`,
      targets: [{ endpointId: `ep_plan_${String(i + 1).padStart(5, "0")}`, idempotencyKey: keyOf(i) }],
    }));
  // A connection as the ingest pool opens them; its first statement plans on empty tables.
  // One connection, kept while the tables grow (no idle timeout), so the plan stays cached.
  const ingest = new pg.Pool({ connectionString: db.url, max: 1, idleTimeoutMillis: 0, options: INGEST_CONNECTION_OPTIONS });
  try {
    const first = await enqueueMessages(inputs("first"), ingest, () => {});
    expect(first.every((o) => "messageId" in o && o.deliveries.length === 1)).toBe(true);
    // 5,000 endpoints and 60,000 deliveries (3,000 for each of the first 20) later, with no
    // ANALYZE in between.
    await db.pool.query(
      `INSERT INTO endpoints (id, "workspaceId", "environmentId", url, secret, "updatedAt")
       SELECT 'ep_grown_' || g, 'ws_plan', 'env_plan', 'http://127.0.0.1:9/' || g, $1, now() FROM generate_series(1, 5000) g`,
      [TEST_ENDPOINT_SECRET],
    );
    await db.seed(1, 60_000, "delivered", null);
    const client = await ingest.connect();
    try {
      const { values } = enqueueStatement(inputs("grown"));
      // EXECUTE takes no bound parameters: the arrays are written out as literals.
      const literal = (array: unknown[]) => `ARRAY[${array.map((v) => (v === null ? "NULL" : typeof v === "number" ? String(v) : client.escapeLiteral(String(v)))).join(", ")}]`;
      const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE ${ENQUEUE_STATEMENT}(${values.map((v) => literal(v as unknown[])).join(", ")})`,
      );
      const plan = rows[0]["QUERY PLAN"][0].Plan;
      expect(plan["Actual Rows"]).toBe(20);
      // Looking for an existing (endpoint, key) pair through another index of the endpoint read
      // all 3,000 of its deliveries for each of the 20; a plan made when the endpoints fitted in
      // one page scanned all 5,020 of them per target.
      const scan = busiestScan(plan);
      expect(scan.rows, `${scan.scan} read ${scan.rows} rows`).toBeLessThanOrEqual(100);
      const prepared = await client.query<{ generic_plans: string }>(`SELECT generic_plans FROM pg_prepared_statements WHERE name = $1`, [ENQUEUE_STATEMENT]);
      expect(Number(prepared.rows[0].generic_plans)).toBeGreaterThanOrEqual(2);
    } finally {
      client.release();
    }

    // Repeats are settled by the unique index in the same statement: the inputs that repeat a
    // stored pair are conflicts and write nothing, the others are written, and the statement is
    // not aborted (a client's retry costs the other senders grouped with it nothing).
    const mixed = inputs("mixed", (i) => (i % 5 === 0 ? `first-${i}` : `mixed-${i}`));
    let statements = 0;
    const counting = { query: ((...args: Parameters<pg.Pool["query"]>) => (statements++, ingest.query(...args))) as pg.Pool["query"] };
    const outcomes: EnqueueOutcome[] = await enqueueMessages(mixed, counting, () => {});
    expect(statements).toBe(1);
    const conflicts = outcomes.flatMap((o, i) => ("conflict" in o ? [i] : []));
    expect(conflicts).toEqual([0, 5, 10, 15]);
    const written = outcomes.filter((o): o is Extract<EnqueueOutcome, { messageId: string }> => "messageId" in o);
    expect(written.map((o) => o.deliveries[0].idempotencyKey)).toEqual(mixed.filter((_, i) => i % 5 !== 0).map((m) => m.targets[0].idempotencyKey));
    const stored = await db.pool.query<{ messages: number; deliveries: number }>(
      `SELECT (SELECT count(*)::int FROM messages WHERE "eventType" = 'plan.cached') AS messages,
              (SELECT count(*)::int FROM deliveries WHERE "eventType" = 'plan.cached') AS deliveries`,
    );
    expect(stored.rows[0]).toEqual({ messages: 20 + 20 + 16, deliveries: 20 + 20 + 16 });
  } finally {
    await ingest.end();
  }
}));

test("a trigger's subscriber lookup reads its subscribers, not every endpoint, even in its cached plan", withDatabase(5_000, async (db) => {
  // 50 event types with 100 subscribers each.
  await db.pool.query(`INSERT INTO event_types (id, "workspaceId", name, "updatedAt") SELECT 'et_plan_' || g, 'ws_plan', 'plan.type' || g, now() FROM generate_series(1, 50) g`);
  await db.pool.query(
    `INSERT INTO subscriptions (id, "endpointId", "eventTypeId")
     SELECT 'sub_plan_' || g, 'ep_plan_' || lpad(g::text, 5, '0'), 'et_plan_' || (1 + g % 50) FROM generate_series(1, 5000) g`,
  );
  await db.pool.query("ANALYZE");
  // The lookup is a named statement: after five runs PostgreSQL may keep a generic plan for the
  // connection's life. Forced here, that plan read all 5,000 endpoints for every trigger.
  const client = await db.pool.connect();
  try {
    await client.query("SET plan_cache_mode = force_generic_plan");
    await client.query(`PREPARE targets(text, text, text[]) AS ${TRIGGER_TARGETS_SQL}`);
    const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE targets('ws_plan', 'env_plan', ARRAY['plan.type7'])`);
    const plan = rows[0]["QUERY PLAN"][0].Plan;
    const scan = busiestScan(plan);
    expect(scan.rows, `${scan.scan} read ${scan.rows} rows`).toBeLessThanOrEqual(500);
    const found = await client.query<{ endpoints: string[] }>(`EXECUTE targets('ws_plan', 'env_plan', ARRAY['plan.type7'])`);
    expect(found.rows[0].endpoints).toHaveLength(100);
  } finally {
    await client.query("DEALLOCATE ALL; RESET plan_cache_mode");
    client.release();
  }
}));

test("among live workers each endpoint has one owner; another takes over when the owner is gone", withDatabase(1, async (db) => {
  await db.seed(1, 10, "pending", "-1 minute");
  await db.pool.query(`INSERT INTO delivery_workers (id, "seenAt") VALUES ('w1:', now()), ('w2:', now())`);
  const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM delivery_workers ORDER BY hashtextextended(id || 'ep_plan_00001', 0) DESC, id LIMIT 1`);
  const owner = rows[0].id;
  const other = owner === "w1:" ? "w2:" : "w1:";
  const taken = async (holder: string, limit = 50) => (await db.claim(limit, `${holder}${Math.random()}`, "", holder)).rows.filter((r) => r.id !== null).length;

  // The other live worker leaves the endpoint to its owner, however much is due.
  expect(await taken(other)).toBe(0);
  expect(await taken(owner, 2)).toBe(2);
  // Those two were claimed a few seconds ago (so the owner no longer counts as just serving it).
  await db.pool.query(`UPDATE deliveries SET "leaseExpiresAt" = "leaseExpiresAt" - interval '5 seconds' WHERE "leaseOwner" LIKE $1`, [`${owner}%`]);
  expect(await taken(other)).toBe(0);
  // A claimer that is not a live worker is not held to ownership (the cap still holds: 6 − 2).
  expect(await taken("plan:")).toBe(4);
  await db.unclaim("plan:");

  // The owner stops being seen (crashed, hung): the endpoint passes to the other worker, which
  // shares the cap with the owner's two attempts still in flight.
  await db.pool.query(`UPDATE delivery_workers SET "seenAt" = now() - interval '1 hour' WHERE id = $1`, [owner]);
  expect(await taken(other)).toBe(4);
}));

test("prefetch: a healthy endpoint is claimed up to the asked number of caps, a failing one only up to its cap", withDatabase(2, async (db) => {
  await db.seed(1, 100, "pending", "-1 minute");
  // The second endpoint's last attempt failed (its circuit is not open yet).
  await db.pool.query(`UPDATE endpoints SET "consecutiveFailures" = 1, "lastDeliveryStatus" = 'failed' WHERE id = 'ep_plan_00002'`);
  const perEndpoint = async (prefetch: number) => {
    const { rows } = await db.claim(100, `plan:${prefetch}`, "", "plan:", prefetch);
    const counts: Record<string, number> = {};
    for (const r of rows) if (r.endpointId) counts[r.endpointId] = (counts[r.endpointId] ?? 0) + 1;
    await db.unclaim("plan:");
    return counts;
  };
  // The default cap is 6.
  expect(await perEndpoint(2)).toEqual({ ep_plan_00001: 12, ep_plan_00002: 6 });
  expect(await perEndpoint(4)).toEqual({ ep_plan_00001: 24, ep_plan_00002: 6 });
}));

test("depth: few endpoints waiting share the batch deeper, many keep the usual prefetch", withDatabase(20, async (db) => {
  // One endpoint alone with 100 due: a 50-row claim may take up to 8 caps of it (48), not 2 (12).
  await db.seed(1, 100, "pending", "-1 minute");
  await db.pool.query(`UPDATE deliveries SET "endpointId" = 'ep_plan_00001'`);
  const taken = async (limit: number, prefetchFew: number) => {
    const { rows } = await db.claim(limit, `plan:${limit}:${prefetchFew}`, "", "plan:", 2, prefetchFew);
    const counts: Record<string, number> = {};
    for (const r of rows) if (r.endpointId) counts[r.endpointId] = (counts[r.endpointId] ?? 0) + 1;
    await db.unclaim("plan:");
    return counts;
  };
  expect(await taken(50, 8)).toEqual({ ep_plan_00001: 48 });
  // Never deeper than asked, nor than the batch allows, nor below the usual prefetch.
  expect(await taken(50, 4)).toEqual({ ep_plan_00001: 24 });
  expect(await taken(20, 8)).toEqual({ ep_plan_00001: 18 });
  expect(await taken(50, 2)).toEqual({ ep_plan_00001: 12 });

  // Two endpoints: 25 rows each, four caps (24) apiece.
  await db.pool.query(`UPDATE deliveries SET "endpointId" = 'ep_plan_00002' WHERE id IN (SELECT id FROM deliveries ORDER BY id LIMIT 50)`);
  expect(await taken(50, 8)).toEqual({ ep_plan_00001: 24, ep_plan_00002: 24 });

  // Twenty endpoints waiting: 2 rows each of the batch, so the usual two caps (12) hold, and
  // every endpoint's first rows come first (round robin), as before.
  await db.seed(1_001, 400, "pending", "-1 minute");
  const spread = await taken(100, 8);
  expect(Object.keys(spread)).toHaveLength(20);
  expect(Math.max(...Object.values(spread))).toBeLessThanOrEqual(12);
}));

test("a fan-out's claim: no bitmap scans, and the generic plan reads messages by primary key even when they are few", withDatabase(20, async (db) => {
  // 1,200 events fanned out to 20 endpoints: 24,000 due deliveries, 1,200 messages, analyzed.
  // A plain join let the generic plan (which does not know the claim's size) read every message.
  await db.pool.query(
    `WITH m AS (
       INSERT INTO messages (id, "workspaceId", "environmentId", "eventType", payload, "payloadSize")
       SELECT 'msg_fan_' || g, 'ws_plan', 'env_plan', 'plan.test', '{"n":1}', 7 FROM generate_series(1, 1200) g RETURNING id
     )
     INSERT INTO deliveries (id, "workspaceId", "environmentId", "endpointId", "messageId", "idempotencyKey", status, "nextAttemptAt", "updatedAt")
     SELECT replace(m.id, 'msg_', 'del_') || '_' || e, 'ws_plan', 'env_plan', 'ep_plan_' || lpad(e::text, 5, '0'), m.id, m.id || '_' || e, 'pending', now() - interval '1 second', now()
     FROM m, generate_series(1, 20) e`,
  );
  // Before any ANALYZE, the planner took bitmap scans here (unordered: the walk sorted what they
  // returned); the worker claims without them.
  const fresh = await db.explainClaim(50);
  expect(fresh["Actual Rows"]).toBe(50);
  expect(JSON.stringify(fresh)).not.toContain("Bitmap");
  await db.pool.query("ANALYZE");
  const plan = await db.explainGenericClaim(50);
  expect(plan["Actual Rows"]).toBe(50);
  const busiest = busiestScan(plan);
  expect(busiest.rows, `${busiest.scan} read ${busiest.rows} rows`).toBeLessThanOrEqual(500);
}));

test("history pages read what they show through the history indexes, with deliveries waiting and in flight merged in", withDatabase(20, async (db) => {
  // 60,000 delivered deliveries of one application (30 of them failed, 3,000 for each endpoint),
  // then 10 in flight and 5 waiting for their first attempt, the newest. The history indexes
  // hold settled deliveries only.
  await db.seed(1, 60_000, "delivered", null);
  await db.seed(100_001, 10, "delivering", null);
  await db.seed(200_001, 5, "pending", "1 hour");
  await db.pool.query(`UPDATE deliveries SET "applicationId" = 'app_plan', "eventType" = 'plan.test', "lastStatusClass" = CASE WHEN status = 'delivered' THEN 2 END,
    "createdAt" = "createdAt" - interval '1 minute' + (CASE status WHEN 'delivering' THEN interval '30 seconds' WHEN 'pending' THEN interval '40 seconds' ELSE interval '0' END)`);
  await db.pool.query(`UPDATE deliveries SET status = 'failed', "lastStatusClass" = 5 WHERE id IN (SELECT id FROM deliveries WHERE status = 'delivered' ORDER BY id LIMIT 30)`);
  await db.pool.query("VACUUM ANALYZE deliveries");
  const { rows: [oldest] } = await db.pool.query<{ createdAt: Date; id: string }>(`SELECT "createdAt", id FROM deliveries WHERE "endpointId" = 'ep_plan_00001' ORDER BY "createdAt", id OFFSET 100 LIMIT 1`);

  const ws = { workspaceId: "ws_plan" };
  const statuses = (rows: { status: string }[]) => rows.map((r) => r.status);
  const pages: [string, Parameters<typeof historyPageSql>, (rows: { status: string }[]) => void][] = [
    ["application, first page", [{ ...ws, applicationId: "app_plan" }, null, 51], (rows) => {
      // Newest first from all three sources: the waiting, then those in flight, then history.
      expect(statuses(rows).slice(0, 15)).toEqual([...Array(5).fill("pending"), ...Array(10).fill("delivering")]);
      expect(rows).toHaveLength(51);
    }],
    ["endpoint, first page", [{ ...ws, endpointId: "ep_plan_00002" }, null, 51], (rows) => expect(rows).toHaveLength(51)],
    ["application, status=failed", [{ ...ws, applicationId: "app_plan", status: "failed" }, null, 51], (rows) => {
      expect(rows).toHaveLength(30);
      expect(new Set(statuses(rows))).toEqual(new Set(["failed"]));
    }],
    ["application, status=delivering", [{ ...ws, applicationId: "app_plan", status: "delivering" }, null, 51], (rows) => {
      expect(rows).toHaveLength(10);
      expect(new Set(statuses(rows))).toEqual(new Set(["delivering"]));
    }],
    ["application, status=pending", [{ ...ws, applicationId: "app_plan", status: "pending" }, null, 51], (rows) => {
      expect(rows).toHaveLength(5);
      expect(new Set(statuses(rows))).toEqual(new Set(["pending"]));
    }],
    ["endpoint, HTTP 2xx", [{ ...ws, endpointId: "ep_plan_00003", statusClass: "2xx" }, null, 51], (rows) => {
      expect(rows).toHaveLength(51);
      expect(new Set(statuses(rows))).toEqual(new Set(["delivered"]));
    }],
    ["application, event type", [{ ...ws, applicationId: "app_plan", eventType: "plan.test" }, null, 51], (rows) => expect(rows).toHaveLength(51)],
    ["endpoint, a cursor near the end", [{ ...ws, endpointId: "ep_plan_00001" }, oldest, 51], (rows) => expect(rows).toHaveLength(51)],
  ];
  for (const [name, args, check] of pages) {
    const sql = historyPageSql(...args);
    check((await db.pool.query<{ status: string }>(sql.text, sql.values)).rows);
    // A plan that cannot use the (partial) history indexes sorts every row of the scope: 60,000.
    const plan = await db.explain(sql.text, sql.values);
    const busiest = busiestScan(plan);
    expect(busiest.rows, `${name}: ${busiest.scan} read ${busiest.rows} rows`).toBeLessThanOrEqual(200);
    expect(JSON.stringify(plan), name).not.toContain("Seq Scan");
  }
}));
