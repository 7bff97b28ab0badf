import pg from "pg";
import { expect, test } from "../support/fixtures";
import { TEST_ENDPOINT_SECRET, insertWorkspace, spawnWorker, startPrivateDatabase, startReceiver, waitUntil } from "../support/delivery";

// Crash safety of the queue, with real worker processes (`scripts/worker.ts`) SIGKILLed at
// random moments. It runs on a database of its own: the test server's in-process worker shares
// the suite's database and would otherwise deliver these rows while our workers are dead.

const WORKER_ENV = {
  NAHOOK_ALLOW_PRIVATE_NETWORKS: "true",
  NAHOOK_DELIVERY_TIMEOUT_MS: "2000",
  NAHOOK_WORKER_LEASE_MS: "3000",
  NAHOOK_WORKER_POLL_MS: "200",
  NAHOOK_RETRY_SCHEDULE: "0,1,1,1,1,1",
  NAHOOK_RETENTION: "off",
};

async function seed(pool: pg.Pool, receiverUrl: string, count: number, tag: string) {
  const ids = { ws: `ws_crash_${tag}`, env: `env_crash_${tag}`, ep: `ep_crash_${tag}` };
  await insertWorkspace(pool, ids);
  await pool.query(
    `INSERT INTO endpoints (id, "workspaceId", "environmentId", url, secret, "updatedAt") VALUES ($1, $2, $3, $4, $5, now())`,
    [ids.ep, ids.ws, ids.env, receiverUrl, TEST_ENDPOINT_SECRET],
  );
  await pool.query(
    `WITH m AS (
       INSERT INTO messages (id, "workspaceId", "environmentId", "eventType", payload, "payloadSize")
       SELECT 'msg_' || $1 || '_' || g, $2, $3, 'crash.test', '{"n":' || g || '}', 8 FROM generate_series(1, $5::int) g
       RETURNING id
     )
     INSERT INTO deliveries (id, "workspaceId", "environmentId", "endpointId", "messageId", "idempotencyKey", status, "nextAttemptAt", "updatedAt")
     SELECT replace(id, 'msg_', 'del_'), $2, $3, $4, id, id, 'pending', now(), now() FROM m`,
    [tag, ids.ws, ids.env, ids.ep, count],
  );
  return ids;
}

async function statusCounts(pool: pg.Pool, endpointId: string) {
  const { rows } = await pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM deliveries WHERE "endpointId" = $1 GROUP BY status`, [endpointId]);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

test("crash safety: SIGKILLed workers lose nothing; two workers never send a delivery twice", async () => {
  test.setTimeout(170_000);
  const database = await startPrivateDatabase("crash");
  const { pool } = database;
  const seen = new Map<string, number>();
  const receiver = await startReceiver((req, res) => {
    const id = String(req.headers["webhook-id"]);
    seen.set(id, (seen.get(id) ?? 0) + 1);
    // A little latency so that every kill catches attempts in flight.
    setTimeout(() => res.end("ok"), Math.random() * 4);
  });
  const workers: ReturnType<typeof spawnWorker>[] = [];
  try {
    // Phase 1: one worker, killed with SIGKILL four times mid-stream, restarted each time.
    const total = 3000;
    const crash = await seed(pool, receiver.url, total, "kill");
    let worker = spawnWorker(database.url, WORKER_ENV);
    workers.push(worker);
    for (let kill = 0; kill < 4; kill++) {
      const start = receiver.requests.length;
      const progress = 150 + Math.floor(Math.random() * 350);
      await waitUntil(() => receiver.requests.length >= Math.min(total, start + progress), 60_000, "worker progress").catch((error: Error) => {
        throw new Error(`${error.message}; worker log: ${worker.log().slice(-300)}`);
      });
      worker.child.kill("SIGKILL");
      await worker.exited;
      worker = spawnWorker(database.url, WORKER_ENV);
      workers.push(worker);
    }
    await waitUntil(async () => (await statusCounts(pool, crash.ep)).delivered === total, 90_000, "every delivery to be delivered after the crashes");
    expect(await statusCounts(pool, crash.ep)).toEqual({ delivered: total });
    const crashIds = [...seen.keys()].filter((id) => id.startsWith("msg_kill_"));
    expect(crashIds).toHaveLength(total);
    const redelivered = crashIds.filter((id) => seen.get(id)! > 1).length;
    // At-least-once: a kill can lose the record of an attempt the receiver already answered.
    console.log(`crash test: ${total} delivered through 4 SIGKILLs, ${redelivered} sent more than once`);
    const { rows: unsuccessful } = await pool.query(
      `SELECT count(*)::int AS n FROM deliveries d WHERE d."endpointId" = $1 AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a."deliveryId" = d.id AND a.status = 'success')`,
      [crash.ep],
    );
    expect(unsuccessful[0].n).toBe(0);

    // Graceful stop: SIGTERM finishes in-flight work and exits cleanly.
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);

    // Phase 2: two workers side by side, no crash: every delivery is sent exactly once.
    const twinTotal = 2000;
    const pair = [spawnWorker(database.url, WORKER_ENV), spawnWorker(database.url, WORKER_ENV)];
    workers.push(...pair);
    // Both running before the work appears, so they compete for every row.
    await waitUntil(() => pair.every((w) => w.started()), 60_000, "both workers to start").catch((error: Error) => {
      throw new Error(`${error.message}; their logs: ${pair.map((w) => w.log().slice(-300)).join(" | ")}`);
    });
    const twin = await seed(pool, receiver.url, twinTotal, "twin");
    await waitUntil(async () => (await statusCounts(pool, twin.ep)).delivered === twinTotal, 90_000, "two workers to deliver everything");
    const twinIds = [...seen.entries()].filter(([id]) => id.startsWith("msg_twin_"));
    expect(twinIds).toHaveLength(twinTotal);
    expect(twinIds.filter(([, n]) => n !== 1)).toEqual([]);
    const { rows: attempts } = await pool.query(`SELECT count(*)::int AS n FROM attempts a JOIN deliveries d ON d.id = a."deliveryId" WHERE d."endpointId" = $1`, [twin.ep]);
    expect(attempts[0].n).toBe(twinTotal);
    for (const w of pair) w.child.kill("SIGTERM");
    expect(await Promise.all(pair.map((w) => w.exited))).toEqual([0, 0]);
  } finally {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
    await receiver.close();
    await database.dispose();
  }
});
