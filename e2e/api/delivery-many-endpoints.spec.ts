import type pg from "pg";
import { expect, test } from "../support/fixtures";
import { TEST_ENDPOINT_SECRET, insertWorkspace, spawnWorker, startPrivateDatabase, startReceiver } from "../support/delivery";

// After an outage, hundreds of customers' endpoints have deliveries waiting, and many of those
// endpoints are still broken (their circuits open). A claim looks at a bounded number of them
// at a time (fair-claim.ts), so the worker must keep walking past the broken ones to reach the
// healthy ones behind them, instead of going back to sleep after a claim that found nothing to
// take. The poll interval is a minute here: only that walk can deliver within the test.

const WORKER_ENV = {
  NAHOOK_ALLOW_PRIVATE_NETWORKS: "true",
  NAHOOK_WORKER_POLL_MS: "60000",
  NAHOOK_RETENTION: "off",
};

async function seedEndpoints(pool: pg.Pool, prefix: string, count: number, url: string, broken: boolean) {
  await pool.query(
    `INSERT INTO endpoints (id, "workspaceId", "environmentId", url, secret, "consecutiveFailures", "failingSince", "nextProbeAt", "lastDeliveryStatus", "updatedAt")
     SELECT $1 || lpad(g::text, 4, '0'), 'ws_many', 'env_many', $3 || '/' || $1 || g, $5,
            CASE WHEN $4 THEN 10 ELSE 0 END, CASE WHEN $4 THEN now() - interval '1 hour' END,
            CASE WHEN $4 THEN now() + interval '1 hour' END, CASE WHEN $4 THEN 'scheduled_retry' ELSE 'delivered' END::"DeliveryStatus", now()
     FROM generate_series(1, $2::int) g`,
    [prefix, count, url, broken, TEST_ENDPOINT_SECRET],
  );
  // Two due deliveries each.
  await pool.query(
    `WITH src AS (
       SELECT e.id AS endpoint_id, e.id || '_' || k AS key FROM endpoints e CROSS JOIN generate_series(1, 2) k WHERE starts_with(e.id, $1)
     ), m AS (
       INSERT INTO messages (id, "workspaceId", "environmentId", "eventType", payload, "payloadSize")
       SELECT 'msg_' || key, 'ws_many', 'env_many', 'many.test', '{}', 2 FROM src
     )
     INSERT INTO deliveries (id, "workspaceId", "environmentId", "endpointId", "messageId", "idempotencyKey", status, "nextAttemptAt", "updatedAt")
     SELECT 'del_' || key, 'ws_many', 'env_many', endpoint_id, 'msg_' || key, key, 'pending', now(), now() FROM src`,
    [prefix],
  );
}

test("healthy endpoints behind hundreds of broken ones are delivered without waiting for a poll", async () => {
  test.setTimeout(120_000);
  const database = await startPrivateDatabase("many");
  const { pool } = database;
  const receiver = await startReceiver();
  let worker: ReturnType<typeof spawnWorker> | null = null;
  try {
    await insertWorkspace(pool, { ws: "ws_many", env: "env_many" });
    // Ids sort the broken endpoints first: a claim from the start sees only broken ones.
    await seedEndpoints(pool, "ep_a_", 450, receiver.url, true);
    await seedEndpoints(pool, "ep_b_", 300, receiver.url, false);
    const { rows: seeded } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'pending'`);
    expect(seeded[0].n).toBe(1_500);

    worker = spawnWorker(database.url, WORKER_ENV);
    await receiver.waitForRequests(600, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}; worker log: ${worker!.log().slice(-500)}`);
    });

    // Every healthy endpoint got both of its deliveries, and no broken one was tried.
    const paths = receiver.requests.map((r) => r.path);
    expect(paths.filter((p) => p.startsWith("/ep_b_"))).toHaveLength(600);
    expect(new Set(paths).size).toBe(300);
    expect(paths.filter((p) => p.startsWith("/ep_a_"))).toHaveLength(0);
    const { rows } = await pool.query<{ status: string; attempted: number; n: number }>(
      `SELECT status, ("totalAttempts" > 0)::int AS attempted, count(*)::int AS n FROM deliveries WHERE starts_with("endpointId", 'ep_a_') GROUP BY 1, 2`,
    );
    expect(rows).toEqual([{ status: "pending", attempted: 0, n: 900 }]);

    // Stopping does not wait for the (minute-long) poll interval.
    worker.child.kill("SIGTERM");
    const stoppedIn = await Promise.race([worker.exited, new Promise((resolve) => setTimeout(() => resolve("still running after 20 s"), 20_000))]);
    expect(stoppedIn).toBe(0);
  } finally {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill("SIGTERM");
      await worker.exited;
    }
    await receiver.close();
    await database.dispose();
  }
});
