import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { CLAIM_SQL } from "@/lib/delivery/fair-claim";
import { readQueueSnapshot } from "@/lib/metrics/queue-gauges";
import { expect, test } from "../support/fixtures";
import { resilientPool } from "../support/delivery";

// A healthy system is analyzed with almost nothing waiting, so when an outage or a burst
// leaves a backlog, PostgreSQL's statistics say the queue is empty. The claim must not let
// that choose a plan that walks the backlog: its work stays proportional to what it claims.
// A database of its own: the statistics are part of the setup.

interface PlanNode {
  "Node Type": string;
  "Actual Rows": number;
  "Actual Loops": number;
  Plans?: PlanNode[];
}

/** The most rows any node of the plan produced, over all its loops. */
function busiestNode(node: PlanNode): { rows: number; type: string } {
  let best = { rows: node["Actual Rows"] * node["Actual Loops"], type: node["Node Type"] };
  for (const child of node.Plans ?? []) {
    const b = busiestNode(child);
    if (b.rows > best.rows) best = b;
  }
  return best;
}

test("a claim over a backlog the statistics do not know of reads only what it claims", async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), "nahook-plans-"));
  chmodSync(dir, 0o755);
  const database = await startEmbeddedPostgres(dir);
  const pool = resilientPool(database.url);
  try {
    await applyMigrations(database.url);
    await pool.query(`INSERT INTO workspaces (id, name, "updatedAt") VALUES ('ws_plan', 'plans', now())`);
    await pool.query(`INSERT INTO environments (id, "workspaceId", name, slug, "isDefault", "updatedAt") VALUES ('env_plan', 'ws_plan', 'Production', 'production', true, now())`);
    await pool.query(
      `INSERT INTO endpoints (id, "workspaceId", "environmentId", url, secret, "lastDeliveryStatus", "updatedAt")
       SELECT 'ep_plan_' || g, 'ws_plan', 'env_plan', 'http://127.0.0.1:9/' || g, 'whsec_dGVzdF93ZWJob29rX3NpZ25pbmdfa2V5XzMyYnl0ZXMh', 'delivered', now()
       FROM generate_series(1, 20) g`,
    );
    /** `nextAt`: when they are due, relative to now (an interval); null for history. */
    const seed = (from: number, count: number, status: string, nextAt: string | null) =>
      pool.query(
        `WITH m AS (
           INSERT INTO messages (id, "workspaceId", "environmentId", "eventType", payload, "payloadSize")
           SELECT 'msg_plan_' || g, 'ws_plan', 'env_plan', 'plan.test', '{"n":' || g || '}', 8 FROM generate_series($1::int, $1::int + $2::int - 1) g
           RETURNING id
         )
         INSERT INTO deliveries (id, "workspaceId", "environmentId", "endpointId", "messageId", "idempotencyKey", status, "nextAttemptAt", "totalAttempts", "updatedAt")
         SELECT replace(id, 'msg_', 'del_'), 'ws_plan', 'env_plan', 'ep_plan_' || (1 + split_part(id, '_', 3)::int % 20), id, id,
                $3::"DeliveryStatus", now() + $4::interval, CASE WHEN $3 = 'pending' THEN 0 ELSE 1 END, now()
         FROM m`,
        [from, count, status, nextAt],
      );
    // History that was all delivered when it was analyzed, then a backlog of 60,000 due ones
    // (waiting for a minute) and 500 retries due in an hour.
    await seed(1, 60_000, "delivered", null);
    await pool.query("VACUUM ANALYZE deliveries");
    await seed(100_001, 60_000, "pending", "-1 minute");
    await seed(200_001, 500, "scheduled_retry", "1 hour");

    // The queue gauges read the same index as the claim.
    const queue = await readQueueSnapshot(pool);
    expect(queue).toMatchObject({ due: 60_000, scheduled: 500, inFlight: 0 });
    expect(queue.oldestDueAgeSeconds).toBeGreaterThanOrEqual(59);
    expect(queue.oldestDueAgeSeconds).toBeLessThan(300);

    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${CLAIM_SQL}`, [50, "plan:1", 60_000, 6, 5, [], "plan:"]);
      await client.query("ROLLBACK");
      const plan = rows[0]["QUERY PLAN"][0].Plan;
      expect(plan["Actual Rows"]).toBe(50);
      // 20 endpoints with room for 12 each (twice the default cap of 6): at most 240 rows are
      // looked at, whatever the backlog. A plan that walks the due range reads all 60,000.
      const busiest = busiestNode(plan);
      expect(busiest.rows, `${busiest.type} read ${busiest.rows} rows`).toBeLessThanOrEqual(1_000);
      // Claimed for real this time: the gauges move with it.
      expect((await client.query(CLAIM_SQL, [50, "plan:2", 60_000, 6, 5, [], "plan:"])).rows).toHaveLength(50);
      expect(await readQueueSnapshot(pool)).toMatchObject({ due: 59_950, scheduled: 500, inFlight: 50 });
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
    await database.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});
