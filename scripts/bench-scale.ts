// `npm run bench:scale`: does Nahook stay flat with a large history? Starts a throwaway embedded
// PostgreSQL, measures at a small size (10,000 deliveries), then seeds the history up to
// BENCH_SCALE_DELIVERIES (default 10,000,000; 2 % of them — 200,000 — in one application; 10 % past
// the retention window) with one INSERT … SELECT generate_series per table and measures again:
//   - claim latency (the worker's claim query, 50 at a time, over 5,000 due deliveries);
//   - ingest rate (concurrent single sends through the group committer, in process);
//   - the API/portal delivery lists of the big application and of one endpoint: first page,
//     status filter, a cursor 90 % deep (the domain query both serve, p50/p95);
//   - the retention purge of the expired rows while events flow end to end (enqueue → worker →
//     loopback receiver), against the same flow without a purge.
// It prints the plans (EXPLAIN ANALYZE) of the claim and list queries at the large size.
// Everything runs in this process except PostgreSQL; numbers are the database's plus Node's.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { startThrowawayDatabase } from "./lib/throwaway-database";

const TOTAL = Number(process.env.BENCH_SCALE_DELIVERIES ?? 10_000_000);
const SMALL = 10_000;
const BIG_SHARE = 50; // one row in 50 belongs to the big application: 200,000 of 10M
const EXPIRED_SHARE = 10; // one row in 10 is past the retention window: 1M of 10M
const OTHER_APPS = 100;
const ENDPOINTS_PER_APP = 5;
const LIST_REPS = Number(process.env.BENCH_SCALE_LIST_REPS ?? 40);
const log = (line: string) => console.error(`[bench:scale] ${line}`);

process.env.NAHOOK_ALLOW_PRIVATE_NETWORKS = "true";
// A throwaway database gets a throwaway key (with DATABASE_URL set, processes require one).
process.env.NAHOOK_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.NAHOOK_RETENTION = "off";
process.env.NAHOOK_WORKER_POLL_MS = "200";

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const { database, dispose } = await startThrowawayDatabase("nahook-scale", log);

try {
  const { useDatabaseUrl } = await import("../lib/config");
  useDatabaseUrl(database.url);
  const { queuePool, closePools } = await import("../lib/db/pg");
  const { db, disconnectDb } = await import("../lib/db/client");
  const { createWorkspace } = await import("../lib/workspaces/workspaces");
  const { newId } = await import("../lib/ids");
  const { newEndpointSecret } = await import("../lib/auth/secrets");
  const { enqueueOne, enqueueBatch } = await import("../lib/delivery/queue");
  const { claimFair, claimValues, CLAIM_SQL } = await import("../lib/delivery/fair-claim");
  const { historyPageSql, listDeliveries } = await import("../lib/delivery-history/deliveries");
  const { sealCursor } = await import("../lib/delivery-history/cursor");
  const { purgeExpired } = await import("../lib/delivery/retention");
  const { startWorker } = await import("../lib/delivery/worker");
  const pool = queuePool();

  // A loopback receiver: records when each event arrives.
  const arrivals = new Map<string, number>();
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c));
    req.on("end", () => {
      const m = /"probe":"([^"]+)"/.exec(body);
      if (m) arrivals.set(m[1], performance.now());
      res.end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  // Tenants: the big application (5 endpoints), OTHER_APPS others, and a live endpoint for probes.
  const ws = await createWorkspace({ name: "Scale", plan: "pro" });
  const appIds = Array.from({ length: OTHER_APPS + 1 }, () => newId("app"));
  const bigApp = appIds[0];
  await pool.query(
    `INSERT INTO applications (id, "workspaceId", name, "updatedAt") SELECT id, $1, 'App ' || ord, now() FROM unnest($2::text[]) WITH ORDINALITY AS a(id, ord)`,
    [ws.workspaceId, appIds],
  );
  const endpointIds = appIds.flatMap(() => Array.from({ length: ENDPOINTS_PER_APP }, () => newId("ep")));
  await pool.query(
    `INSERT INTO endpoints (id, "workspaceId", "environmentId", "applicationId", url, secret, "isActive", "updatedAt")
     SELECT e.id, $1, $2, ($3::text[])[1 + (e.ord - 1) / ${ENDPOINTS_PER_APP}], 'https://receiver-' || e.ord || '.example.com/hooks', $4, false, now()
     FROM unnest($5::text[]) WITH ORDINALITY AS e(id, ord)`,
    [ws.workspaceId, ws.environmentId, appIds, newEndpointSecret(), endpointIds],
  );
  const live = await db.endpoint.create({
    data: { id: newId("ep"), workspaceId: ws.workspaceId, environmentId: ws.environmentId, applicationId: bigApp, url: receiverUrl, secret: newEndpointSecret() },
  });

  /**
   * Seeds rows g in (from, to]: one message, one delivery and one attempt each. Row g belongs to
   * the big application when g % 50 = 0, else to one of the others; one row in ten is 8–9 days
   * old (past the 7-day window), the rest spread over the last 6 days.
   */
  async function seed(from: number, to: number) {
    const t0 = performance.now();
    // A bulk load: foreign-key triggers off for this session (the rows are consistent by
    // construction), no fsync per statement, and for a large load the secondary indexes are
    // dropped first and built once at the end (much faster than maintaining them row by row).
    const client = await pool.connect();
    await client.query("SET session_replication_role = replica; SET synchronous_commit = off; SET maintenance_work_mem = '256MB'");
    const bulk = to - from > 500_000;
    const { rows: indexes } = bulk
      ? await client.query<{ name: string; def: string }>(
          `SELECT indexname AS name, indexdef AS def FROM pg_indexes
           WHERE tablename IN ('messages', 'deliveries', 'attempts') AND indexdef NOT LIKE 'CREATE UNIQUE%'`)
      : { rows: [] };
    for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);
    const age = `CASE WHEN g % ${EXPIRED_SHARE} = 1 THEN interval '8 days' + (g % 86400) * interval '1 second'
                      ELSE (g % 518400) * interval '1 second' END`;
    const endpoint = `CASE WHEN g % ${BIG_SHARE} = 0 THEN ($3::text[])[1 + (g / ${BIG_SHARE}) % ${ENDPOINTS_PER_APP}]
                           ELSE ($3::text[])[${ENDPOINTS_PER_APP + 1} + g % ${OTHER_APPS * ENDPOINTS_PER_APP}] END`;
    const step = 1_000_000;
    for (let lo = from; lo < to; lo += step) {
      const hi = Math.min(to, lo + step);
      await client.query(
        `INSERT INTO messages (id, "workspaceId", "environmentId", "eventType", payload, "payloadSize", "createdAt")
         SELECT 'msg_s' || lpad(g::text, 9, '0'), $1, $2, 'order.created', '{"orderId":"ord_' || g || '","total":4200}', 40, now() - ${age}
         FROM generate_series($3::int + 1, $4::int) AS g`,
        [ws.workspaceId, ws.environmentId, lo, hi],
      );
      await client.query(
        `INSERT INTO deliveries (id, "workspaceId", "environmentId", "endpointId", "applicationId", "messageId", "idempotencyKey",
                                 status, "totalAttempts", "firstAttemptAt", "deliveredAt", "createdAt", "updatedAt")
         SELECT 'del_s' || lpad(g::text, 9, '0'), $1, $2, ep, ($6::text[])[1 + CASE WHEN g % ${BIG_SHARE} = 0 THEN 0 ELSE 1 + (g % ${OTHER_APPS * ENDPOINTS_PER_APP}) / ${ENDPOINTS_PER_APP} END],
                'msg_s' || lpad(g::text, 9, '0'), 'idem_' || g,
                (CASE WHEN g % 100 < 95 THEN 'delivered' WHEN g % 100 < 98 THEN 'failed' ELSE 'dead_letter' END)::"DeliveryStatus",
                1, at, CASE WHEN g % 100 < 95 THEN at END, at, at
         FROM (SELECT g, ${endpoint} AS ep, now() - ${age} AS at FROM generate_series($4::int + 1, $5::int) AS g) s`,
        [ws.workspaceId, ws.environmentId, endpointIds, lo, hi, appIds],
      );
      await client.query(
        `INSERT INTO attempts (id, "deliveryId", "attemptNumber", status, url, "responseStatusCode", "responseTimeMs", "responseBody", "createdAt")
         SELECT 'att_s' || lpad(g::text, 9, '0'), 'del_s' || lpad(g::text, 9, '0'), 1, CASE WHEN g % 100 < 95 THEN 'success' ELSE 'failed' END,
                'https://receiver.example.com/hooks', CASE WHEN g % 100 < 95 THEN 200 ELSE 502 END, 40 + g % 200, 'ok', now() - ${age}
         FROM generate_series($1::int + 1, $2::int) AS g`,
        [lo, hi],
      );
      log(`seeded rows ${lo + 1}–${hi} (${fmt((performance.now() - t0) / 1000)} s so far)`);
    }
    for (const index of indexes) {
      await client.query(index.def);
      log(`rebuilt ${index.name} (${fmt((performance.now() - t0) / 1000)} s so far)`);
    }
    client.release();
    await pool.query("VACUUM ANALYZE messages, deliveries, attempts");
    return (performance.now() - t0) / 1000;
  }

  // Workers are not running while we measure claims: we call the claim query ourselves.
  async function claimLatency() {
    const inputs = Array.from({ length: 5000 }, (_, i) => ({
      workspaceId: ws.workspaceId, environmentId: ws.environmentId, eventTypeId: null, eventType: null,
      payload: `{"claim":${i}}`, targets: [{ endpointId: live.id, idempotencyKey: `claim_${newId("k")}` }],
    }));
    for (let i = 0; i < inputs.length; i += 20) await enqueueBatch(inputs.slice(i, i + 20));
    const times: number[] = [];
    for (;;) {
      const t0 = performance.now();
      const claimed = await claimFair(pool, { limit: 50, leaseOwner: "bench-scale", leaseMs: 60_000 });
      times.push(performance.now() - t0);
      if (claimed.length === 0) break;
    }
    await pool.query(`UPDATE deliveries SET status = 'delivered', "leaseOwner" = NULL, "leaseExpiresAt" = NULL WHERE "leaseOwner" = 'bench-scale'`);
    return { p50: pct(times, 50), p95: pct(times, 95) };
  }

  async function ingestRate(seconds = 3) {
    let count = 0;
    const stopAt = performance.now() + seconds * 1000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (performance.now() < stopAt) {
          await enqueueOne({
            workspaceId: ws.workspaceId, environmentId: ws.environmentId, eventTypeId: null, eventType: null,
            payload: `{"ingest":${count}}`, targets: [{ endpointId: endpointIds[0], idempotencyKey: newId("k") }],
          });
          count++;
        }
      }),
    );
    return count / ((performance.now() - t0) / 1000);
  }

  async function listTimes() {
    const deepRow = await pool.query<{ createdAt: Date; id: string }>(
      `SELECT "createdAt", id FROM deliveries WHERE "applicationId" = $1 AND "createdAt" >= now() - interval '7 days'
       ORDER BY "createdAt" DESC, id DESC OFFSET (SELECT (count(*) * 0.9)::int FROM deliveries WHERE "applicationId" = $1 AND "createdAt" >= now() - interval '7 days') LIMIT 1`,
      [bigApp],
    );
    const deepCursor = deepRow.rows[0] ? await sealCursor(deepRow.rows[0], `${ws.workspaceId}//${bigApp}/`) : undefined;
    const cases: [string, () => Promise<unknown>][] = [
      ["application, first page", () => listDeliveries({ workspaceId: ws.workspaceId, applicationId: bigApp })],
      ["application, status=failed", () => listDeliveries({ workspaceId: ws.workspaceId, applicationId: bigApp, status: "failed" })],
      ["application, cursor 90 % deep", () => listDeliveries({ workspaceId: ws.workspaceId, applicationId: bigApp, cursor: deepCursor })],
      ["endpoint, first page", () => listDeliveries({ workspaceId: ws.workspaceId, endpointId: endpointIds[1] })],
      ["endpoint, status=dead_letter", () => listDeliveries({ workspaceId: ws.workspaceId, endpointId: endpointIds[1], status: "dead_letter" })],
    ];
    const out: Record<string, { p50: number; p95: number }> = {};
    for (const [label, run] of cases) {
      const times: number[] = [];
      for (let i = 0; i < LIST_REPS + 5; i++) {
        const t0 = performance.now();
        await run();
        if (i >= 5) times.push(performance.now() - t0);
      }
      out[label] = { p50: pct(times, 50), p95: pct(times, 95) };
    }
    return out;
  }

  /** Events at `rate`/s to the live endpoint while `during` runs (or for `seconds`): e2e latencies. */
  async function endToEnd<T>(rate: number, during: () => Promise<T>, minSeconds = 5) {
    const committed = new Map<string, number>();
    let stop = false;
    let seq = 0;
    const pending: Promise<void>[] = [];
    const t0 = performance.now();
    const producer = (async () => {
      while (!stop || performance.now() - t0 < minSeconds * 1000) {
        const due = t0 + (seq * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        const probe = `p${seq++}_${newId("x")}`;
        pending.push(
          enqueueOne({
            workspaceId: ws.workspaceId, environmentId: ws.environmentId, eventTypeId: null, eventType: null,
            payload: JSON.stringify({ probe }), targets: [{ endpointId: live.id, idempotencyKey: probe }],
          }).then(() => void committed.set(probe, performance.now())),
        );
      }
    })();
    const result = await during();
    stop = true;
    await producer;
    await Promise.all(pending);
    const deadline = performance.now() + 60_000;
    while ([...committed.keys()].some((p) => !arrivals.has(p)) && performance.now() < deadline) await sleep(50);
    const e2e = [...committed].map(([p, at]) => (arrivals.get(p) ?? Infinity) - at);
    return { result, events: committed.size, p50: pct(e2e, 50), p99: pct(e2e, 99), lost: e2e.filter((v) => !Number.isFinite(v)).length };
  }

  async function measure(label: string) {
    log(`measuring at ${label}`);
    const claim = await claimLatency();
    const ingest = await ingestRate();
    const lists = await listTimes();
    return { label, claim, ingest, lists };
  }

  // Small history.
  await seed(0, SMALL);
  const small = await measure(`${SMALL.toLocaleString("en-US")} deliveries`);

  // Large history.
  const seedSeconds = await seed(SMALL, TOTAL);
  const large = await measure(`${TOTAL.toLocaleString("en-US")} deliveries`);

  // Plans at the large size.
  const explain = async (sql: string, values: unknown[], q: Pick<pg.Pool, "query"> = pool) =>
    (await q.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, values)).rows.map((r) => `    ${r["QUERY PLAN"]}`).join("\n");
  // The claim writes (leases): explained inside a transaction of its own, then rolled back.
  const planClient = await pool.connect();
  await planClient.query("BEGIN");
  const claimPlan = await explain(CLAIM_SQL, claimValues({ limit: 50, leaseOwner: "bench-scale:plan", leaseMs: 60_000 }), planClient);
  await planClient.query("ROLLBACK");
  planClient.release();
  // The statement behind "application, first page": history and deliveries in flight merged.
  const listSql = historyPageSql({ workspaceId: ws.workspaceId, applicationId: bigApp }, null, 51);
  const listPlan = await explain(listSql.text, listSql.values);

  // Retention purge under flow: a baseline, then the same flow while the expired rows go.
  log("end-to-end baseline");
  const worker = startWorker({ retention: false, log: () => {} });
  await endToEnd(50, () => sleep(2000), 2); // warm-up
  const baseline = await endToEnd(100, () => sleep(5000));
  log("purge under flow");
  const expiredBefore = Number((await pool.query(`SELECT count(*) FROM deliveries WHERE "createdAt" < now() - interval '7 days'`)).rows[0].count);
  const purge = await endToEnd(100, async () => {
    const t0 = performance.now();
    const totals = { payloads: 0, deliveries: 0, messages: 0 };
    for (;;) {
      const r = await purgeExpired({ maxBatches: 20 });
      totals.payloads += r.payloads;
      totals.deliveries += r.deliveries;
      totals.messages += r.messages;
      if (r.payloads + r.deliveries + r.messages === 0) break;
    }
    return { ...totals, seconds: (performance.now() - t0) / 1000 };
  });
  await worker.stop();

  const row = (name: string, a: string, b: string) => `| ${name.padEnd(34)} | ${a.padStart(16)} | ${b.padStart(16)} |`;
  const lines = [
    ``,
    `Nahook scale benchmark — ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`,
    `History seeded with generate_series: ${TOTAL.toLocaleString("en-US")} messages, deliveries and attempts in ${fmt(seedSeconds, 0)} s; big application: ${Math.floor(TOTAL / BIG_SHARE).toLocaleString("en-US")} deliveries; expired: ${expiredBefore.toLocaleString("en-US")}`,
    ``,
    row("Measure", small.label, large.label),
    row("-".repeat(34), "-".repeat(16), "-".repeat(16)),
    row("claim (50 due), p50 / p95 ms", `${fmt(small.claim.p50)} / ${fmt(small.claim.p95)}`, `${fmt(large.claim.p50)} / ${fmt(large.claim.p95)}`),
    row("ingest, single sends, events/s", fmt(small.ingest, 0), fmt(large.ingest, 0)),
    ...Object.keys(small.lists).map((k) => row(`list: ${k}, p50 / p95 ms`, `${fmt(small.lists[k].p50)} / ${fmt(small.lists[k].p95)}`, `${fmt(large.lists[k].p50)} / ${fmt(large.lists[k].p95)}`)),
    ``,
    `Retention purge: ${purge.result.deliveries.toLocaleString("en-US")} deliveries (with their attempts), ${purge.result.messages.toLocaleString("en-US")} messages, ${purge.result.payloads.toLocaleString("en-US")} payloads in ${fmt(purge.result.seconds, 0)} s`,
    `End-to-end at 100 events/s (enqueue commit → receiver): without purge p50 ${fmt(baseline.p50)} ms / p99 ${fmt(baseline.p99)} ms; during the purge p50 ${fmt(purge.p50)} ms / p99 ${fmt(purge.p99)} ms (${purge.events} events, ${purge.lost} lost)`,
    ``,
    `Plan of the claim scan at ${TOTAL.toLocaleString("en-US")}:`,
    claimPlan,
    `Plan of the big application's first page (history, waiting and in flight):`,
    listPlan,
    ``,
  ];
  console.log(lines.join("\n"));
  receiver.close();
  await disconnectDb();
  await closePools();
} finally {
  await dispose();
}
process.exit(0);
