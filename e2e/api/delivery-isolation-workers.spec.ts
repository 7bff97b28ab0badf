import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { expect, test } from "../support/fixtures";
import { TEST_ENDPOINT_SECRET, insertWorkspace, spawnWorker, startPrivateDatabase, waitUntil } from "../support/delivery";

// The per-endpoint in-flight cap, the throttle and the circuit breaker are kept in the
// database, so they hold across worker processes. Two real `scripts/worker.ts` processes share
// a database of their own (the suite's in-process worker must not take these rows).

const WORKER_ENV = {
  NAHOOK_ALLOW_PRIVATE_NETWORKS: "true",
  NAHOOK_DELIVERY_TIMEOUT_MS: "3000",
  NAHOOK_WORKER_POLL_MS: "200",
  NAHOOK_RETRY_SCHEDULE: "0,1,1,1,1,1",
  NAHOOK_RETENTION: "off",
  NAHOOK_BREAKER_PROBE_SECONDS: "1",
  NAHOOK_BREAKER_MAX_PROBE_SECONDS: "2",
};

/** Records arrival times and the most requests open at once. */
async function receiver(answer: (res: http.ServerResponse) => void) {
  let open = 0;
  let maxOpen = 0;
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    arrivals.push(Date.now());
    open++;
    maxOpen = Math.max(maxOpen, open);
    res.on("close", () => open--);
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    maxOpen: () => maxOpen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function seedEndpoint(pool: pg.Pool, ids: { ws: string; env: string }, tag: string, url: string, count: number, opts: { maxInFlight?: number; throttleRate?: number }) {
  const ep = `ep_iso_${tag}`;
  await pool.query(
    `INSERT INTO endpoints (id, "workspaceId", "environmentId", url, secret, "maxInFlight", "throttleRate", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
    [ep, ids.ws, ids.env, url, TEST_ENDPOINT_SECRET, opts.maxInFlight ?? null, opts.throttleRate ?? null],
  );
  await pool.query(
    `WITH m AS (
       INSERT INTO messages (id, "workspaceId", "environmentId", "eventType", payload, "payloadSize")
       SELECT 'msg_' || $1 || '_' || g, $2, $3, 'iso.test', '{"n":' || g || '}', 8 FROM generate_series(1, $5::int) g
       RETURNING id
     )
     INSERT INTO deliveries (id, "workspaceId", "environmentId", "endpointId", "messageId", "idempotencyKey", status, "nextAttemptAt", "updatedAt")
     SELECT replace(id, 'msg_', 'del_'), $2, $3, $4, id, id, 'pending', now(), now() FROM m`,
    [tag, ids.ws, ids.env, ep, count],
  );
  return ep;
}

async function statuses(pool: pg.Pool, endpointId: string) {
  const { rows } = await pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM deliveries WHERE "endpointId" = $1 GROUP BY status`, [endpointId]);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

test("two workers: in-flight cap, throttle and circuit breaker hold across processes", async () => {
  test.setTimeout(180_000);
  const database = await startPrivateDatabase("iso");
  const { pool } = database;
  const slow = await receiver((res) => setTimeout(() => res.end("ok"), 300));
  const fast = await receiver((res) => res.end("ok"));
  const failing = await receiver((res) => res.writeHead(500).end("down"));
  const workers: ReturnType<typeof spawnWorker>[] = [];
  try {
    const ids = { ws: "ws_iso", env: "env_iso" };
    await insertWorkspace(pool, ids);

    workers.push(spawnWorker(database.url, WORKER_ENV), spawnWorker(database.url, WORKER_ENV));
    await waitUntil(() => workers.every((w) => w.started()), 60_000, "both workers to start").catch((error: Error) => {
      throw new Error(`${error.message}; logs: ${workers.map((w) => w.log().slice(-300)).join(" | ")}`);
    });

    const capped = await seedEndpoint(pool, ids, "cap", slow.url, 60, { maxInFlight: 3 });
    const throttled = await seedEndpoint(pool, ids, "rate", fast.url, 30, { throttleRate: 5 });
    const brokenSeededAt = Date.now();
    const broken = await seedEndpoint(pool, ids, "breaker", failing.url, 40, {});

    await waitUntil(async () => (await statuses(pool, capped)).delivered === 60, 120_000, "the capped endpoint's deliveries");
    await waitUntil(async () => (await statuses(pool, throttled)).delivered === 30, 120_000, "the throttled endpoint's deliveries");

    // Cap: never more than 3 requests open at the receiver, although 2 × 64 worker slots were free.
    expect(slow.maxOpen()).toBeLessThanOrEqual(3);
    expect(slow.arrivals).toHaveLength(60);

    // Throttle (5/s, a burst of at most one second's worth): 30 deliveries cannot take less than
    // (30 − 6) / 5 = 4.8 s at the claims; arrivals jitter with the machine's load, so allow
    // 1.3 s of it. Unthrottled they take well under a second, and two workers each throttling
    // on their own would need only half the time (2.4 s). A busy machine only makes it slower.
    const times = [...fast.arrivals].sort((a, b) => a - b);
    expect(times.length).toBeGreaterThanOrEqual(30);
    expect(times.at(-1)! - times[0]).toBeGreaterThanOrEqual(3_500);

    // Breaker: the circuit opened after 5 failures in a row; the backlog waits instead of being
    // attempted (only probes go through), and nothing was dead-lettered for waiting.
    const { rows } = await pool.query<{ consecutiveFailures: number; nextProbeAt: Date | null }>(`SELECT "consecutiveFailures", "nextProbeAt" FROM endpoints WHERE id = $1`, [broken]);
    expect(rows[0].consecutiveFailures).toBeGreaterThanOrEqual(5);
    expect(rows[0].nextProbeAt).not.toBeNull();
    const waiting = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE "endpointId" = $1 AND "totalAttempts" = 0 AND status = 'pending'`, [broken]);
    expect(waiting.rows[0].n).toBeGreaterThan(0);
    // Once open, one probe at a time, at least a second apart, whichever worker runs it: before
    // opening at most the default cap (8) plus what 4 recorded failures freed, then at most one
    // attempt per elapsed second.
    const elapsedSeconds = Math.ceil((Date.now() - brokenSeededAt) / 1000);
    expect(failing.arrivals.length).toBeLessThanOrEqual(12 + elapsedSeconds + 1);

    for (const w of workers) w.child.kill("SIGTERM");
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
  } finally {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
    await Promise.all([slow.close(), fast.close(), failing.close()]);
    await database.dispose();
  }
});
