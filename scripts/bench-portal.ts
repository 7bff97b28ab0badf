// `npm run bench:portal`: how fast the Developer Portal's delivery-history, filter and activity
// (chart) pages render with 200,000 deliveries in one application. Starts a throwaway embedded PostgreSQL, seeds it with
// one bulk INSERT … SELECT generate_series per table, serves the production build, and reports
// p50/p95 of the time to the complete HTML response (measured on localhost, so it is the
// server's time plus a loopback round trip). BENCH_DELIVERIES / BENCH_REQUESTS override sizes.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startBenchDatabase } from "./lib/bench-database";
import { freePort } from "./lib/free-port";

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 200_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 60);
const WARMUP = 8;
const ENDPOINTS = 5;
const log = (line: string) => console.error(`[bench] ${line}`);


async function waitForServer(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error("the server exited during start-up");
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error("the server did not start");
}

process.env.NAHOOK_ALLOW_PRIVATE_NETWORKS = "true"; // the seeded endpoints point at example hosts; skip their DNS check
const { database, dispose } = await startBenchDatabase("nahook-bench", log);
let server: ChildProcess | null = null;

try {
  const { db, disconnectDb } = await import("../lib/db/client");
  const { createWorkspace } = await import("../lib/workspaces/workspaces");
  const { createApplication } = await import("../lib/applications/applications");
  const { createEndpoint } = await import("../lib/endpoints/endpoints");
  const { createPortalCode } = await import("../lib/portal/codes");
  const { sealCursor } = await import("../lib/delivery-history/cursor");
  const { rebuildStatsSql } = await import("../lib/stats/rollup");

  const ws = await createWorkspace({ name: "Bench", plan: "pro" });
  const actor = { type: "system" as const, id: null, label: "bench" };
  const app = await createApplication({ workspaceId: ws.workspaceId, actor, input: { name: "Bench Corp" } });
  const endpointIds: string[] = [];
  for (let i = 0; i < ENDPOINTS; i++) {
    const ep = await createEndpoint({ workspaceId: ws.workspaceId, applicationId: app.id, actor, input: { url: `https://receiver-${i}.example.com/hooks` } });
    endpointIds.push(ep.id);
  }

  // One message per delivery, spread over the last 6 days (inside the 7-day window); ids are
  // time-ordered like real ones. Statuses: 90% delivered, 5% failed, 3% dead_letter, 2% retrying.
  const started = performance.now();
  await db.$executeRawUnsafe(`
    INSERT INTO messages (id, "workspaceId", "environmentId", "eventType", payload, "payloadSize", "createdAt")
    SELECT 'msg_bench' || lpad(g::text, 9, '0'), $1, $2, (ARRAY['order.created','order.paid','invoice.paid','customer.updated'])[1 + g % 4],
           '{"orderId":"ord_' || g || '","total":4200}', 40,
           now() - (($3 - g) * interval '6 days' / $3)
    FROM generate_series(1, $3) AS g`, ws.workspaceId, ws.environmentId, DELIVERIES);
  await db.$executeRawUnsafe(`
    INSERT INTO deliveries (id, "workspaceId", "environmentId", "endpointId", "applicationId", "messageId", "idempotencyKey", "eventType",
                            status, "lastStatusCode", "lastStatusClass", "totalAttempts", "firstAttemptAt", "deliveredAt", "createdAt", "updatedAt")
    SELECT 'del_bench' || lpad(g::text, 9, '0'), $1, $2, ($4::text[])[1 + g % ${ENDPOINTS}], $3, 'msg_bench' || lpad(g::text, 9, '0'), 'idem_' || g, m."eventType",
           (CASE WHEN g % 100 < 90 THEN 'delivered' WHEN g % 100 < 95 THEN 'failed' WHEN g % 100 < 98 THEN 'dead_letter' ELSE 'scheduled_retry' END)::"DeliveryStatus",
           CASE WHEN g % 100 < 90 THEN 200 WHEN g % 100 < 95 THEN 502 WHEN g % 100 < 98 THEN 404 ELSE NULL END,
           CASE WHEN g % 100 < 90 THEN 2 WHEN g % 100 < 95 THEN 5 WHEN g % 100 < 98 THEN 4 ELSE NULL END,
           1 + (g % 3), m."createdAt", CASE WHEN g % 100 < 90 THEN m."createdAt" END, m."createdAt", m."createdAt"
    FROM generate_series(1, $5) AS g JOIN messages m ON m.id = 'msg_bench' || lpad(g::text, 9, '0')`,
    ws.workspaceId, ws.environmentId, app.id, endpointIds, DELIVERIES);
  await db.$executeRawUnsafe(`
    INSERT INTO attempts (id, "deliveryId", "attemptNumber", status, url, "responseStatusCode", "responseTimeMs", "responseBody", "createdAt")
    SELECT 'att_bench' || lpad(g::text, 9, '0'), 'del_bench' || lpad(g::text, 9, '0'), 1, CASE WHEN g % 100 < 90 THEN 'success' ELSE 'failed' END,
           'https://receiver.example.com/hooks', CASE WHEN g % 100 < 90 THEN 200 ELSE 502 END,
           CASE WHEN g % 50 = 0 THEN 1200 + g % 800 ELSE 40 + g % 200 END, 'ok',
           now() - (($2 - g) * interval '6 days' / $2)
    FROM generate_series(1, $1) AS g`, DELIVERIES, DELIVERIES);
  // The hourly rollup the worker maintains as it records attempts, rebuilt for the bulk seed.
  for (const sql of rebuildStatsSql()) await db.$executeRawUnsafe(sql, new Date(Date.now() - 8 * 86_400_000));
  await db.$executeRawUnsafe("ANALYZE");
  log(`seeded ${DELIVERIES} messages, deliveries and attempts in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // A cursor deep in the history: the position of the row 90% of the way down, sealed for the
  // application-wide, unfiltered list (the same scope string lib/delivery-history uses).
  const deep = await db.delivery.findFirstOrThrow({
    where: { applicationId: app.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: Math.floor(DELIVERIES * 0.9), select: { createdAt: true, id: true },
  });
  const deepCursor = await sealCursor(deep, `${ws.workspaceId}//${app.id}/`);
  const sample = await db.delivery.findFirstOrThrow({ where: { applicationId: app.id, status: "failed" }, orderBy: { createdAt: "desc" }, select: { id: true, messageId: true } });
  const dayAgo = encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString());
  const threeDaysAgo = encodeURIComponent(new Date(Date.now() - 3 * 86_400_000).toISOString());

  // The filtered history queries must walk a (scope, column, createdAt, id) index in order: print
  // the index each one uses (EXPLAIN of the same SQL the portal's query issues).
  const plans: [string, string, unknown[]][] = [
    ["eventType", `"eventType" = $3`, ["invoice.paid"]],
    ["statusClass 5xx", `"lastStatusClass" = $3`, [5]],
    ["statusClass none", `"lastStatusClass" IS NULL`, []],
    ["status + eventType", `status = 'dead_letter' AND "eventType" = $3`, ["order.paid"]],
    ["time range", `"createdAt" <= $3`, [new Date(Date.now() - 3 * 86_400_000)]],
    ["messageId", `"messageId" = $3`, [sample.messageId]],
  ];
  for (const [label, condition, values] of plans) {
    const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN SELECT * FROM deliveries WHERE "workspaceId" = $1 AND "applicationId" = $2 AND ${condition}
         AND "createdAt" >= now() - interval '7 days' ORDER BY "createdAt" DESC, id DESC LIMIT 26`,
      ws.workspaceId, app.id, ...values);
    const indexes = plan.map((r) => r["QUERY PLAN"].match(/using (\S+)/i)?.[1]).filter(Boolean);
    const sorts = plan.some((r) => /\bSort\b/.test(r["QUERY PLAN"]));
    log(`plan ${label}: ${indexes.join(", ") || "no index"}${sorts ? " + sort" : ""}`);
  }

  // The aggregate reads behind the charts and the filtered list, in this process (no HTTP, no
  // rendering): what the database work costs on its own.
  const { deliveryStats, deliveryStatsByEndpoint } = await import("../lib/stats/stats");
  const { listDeliveries } = await import("../lib/delivery-history/deliveries");
  const direct: [string, () => Promise<unknown>][] = [
    ["stats query, app 24 h", () => deliveryStats({ workspaceId: ws.workspaceId, applicationId: app.id, window: "24h" })],
    ["stats query, app 7 d", () => deliveryStats({ workspaceId: ws.workspaceId, applicationId: app.id, window: "7d" })],
    ["stats query, endpoint 7 d", () => deliveryStats({ workspaceId: ws.workspaceId, applicationId: app.id, endpointId: endpointIds[0], window: "7d" })],
    ["stats query, per endpoint 7 d", () => deliveryStatsByEndpoint({ workspaceId: ws.workspaceId, applicationId: app.id, window: "7d" })],
    ["list query, 4xx + eventType", () => listDeliveries({ workspaceId: ws.workspaceId, applicationId: app.id, statusClass: "4xx", eventType: "order.paid", limit: 25 })],
  ];
  const directRows: { page: string; p50: number; p95: number; max: number }[] = [];
  for (const [label, run] of direct) {
    const times: number[] = [];
    for (let i = 0; i < WARMUP + REQUESTS; i++) {
      const t0 = performance.now();
      await run();
      if (i >= WARMUP) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
    directRows.push({ page: label, p50: pct(50), p95: pct(95), max: times.at(-1)! });
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1", NAHOOK_WORKER: "off", NODE_ENV: "production" },
  });
  await waitForServer(`${base}/`, server);

  const link = await createPortalCode({ workspaceId: ws.workspaceId, appId: app.id, actor, input: { role: "viewer", expiresInMinutes: 60 }, baseUrl: base });
  // Opening a link shows a page that POSTs back; the POST is the exchange.
  const exchange = await fetch(link.url, { method: "POST", redirect: "manual", headers: { "sec-fetch-site": "same-origin" } });
  const cookie = (exchange.headers.get("set-cookie") ?? "").split(";")[0];
  if (exchange.status !== 303 || !cookie) throw new Error(`portal exchange failed: ${exchange.status}`);

  const pages: [string, string, string][] = [
    ["history, first page", "/portal/deliveries", "order.created"],
    ["history, status=failed", "/portal/deliveries?status=failed", "Failed"],
    ["history, deep cursor (90%)", `/portal/deliveries?cursor=${encodeURIComponent(deepCursor)}`, "order.created"],
    ["endpoint history, first page", `/portal/endpoints/${endpointIds[0]}/deliveries`, "order.created"],
    ["endpoint history, dead_letter", `/portal/endpoints/${endpointIds[0]}/deliveries?status=dead_letter`, "Dead letter"],
    ["endpoint page (10 recent)", `/portal/endpoints/${endpointIds[0]}`, "Recent deliveries"],
    ["delivery detail", `/portal/deliveries/${sample.id}`, "Response body"],
    ["endpoints list", "/portal", "receiver-0.example.com"],
    ["history, eventType", "/portal/deliveries?eventType=invoice.paid", "invoice.paid"],
    ["history, statusClass=5xx", "/portal/deliveries?statusClass=5xx", "Failed"],
    ["history, 4xx + eventType", "/portal/deliveries?statusClass=4xx&eventType=order.paid", "Dead letter"],
    ["history, time range (3d..1d ago)", `/portal/deliveries?from=${threeDaysAgo}&to=${dayAgo}`, "order.created"],
    ["history, messageId lookup", `/portal/deliveries?messageId=${sample.messageId}`, "Failed"],
    ["activity, app 24 h", "/portal/activity", "Delivery volume, last 24 hours"],
    ["activity, app 7 d", "/portal/activity?window=7d", "Delivery volume, last 7 days"],
    ["endpoint page, charts 7 d", `/portal/endpoints/${endpointIds[0]}?window=7d`, "Attempt latency, last 7 days"],
  ];
  const rows: { page: string; p50: number; p95: number; max: number }[] = [];
  for (const [label, pathname, mustContain] of pages) {
    const times: number[] = [];
    for (let i = 0; i < WARMUP + REQUESTS; i++) {
      const t0 = performance.now();
      const res = await fetch(base + pathname, { headers: { cookie }, redirect: "manual" });
      const html = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 200 || !html.includes(mustContain) || html.includes("no longer valid")) {
        throw new Error(`${label}: unexpected answer ${res.status} (expected the page to contain "${mustContain}")`);
      }
      if (i >= WARMUP) times.push(ms);
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
    rows.push({ page: label, p50: pct(50), p95: pct(95), max: times.at(-1)! });
  }

  console.log(`\nDeveloper Portal render time, ${DELIVERIES.toLocaleString("en-US")} deliveries in one application, ${REQUESTS} requests per page (after ${WARMUP} warm-up)\n`);
  console.log(`${"page".padEnd(32)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}`);
  for (const r of rows) console.log(`${r.page.padEnd(32)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)}`);
  console.log(`\nThe same reads in-process (database query + aggregation, no HTTP or rendering)\n`);
  for (const r of directRows) console.log(`${r.page.padEnd(32)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)}`);
  await disconnectDb();
} finally {
  server?.kill("SIGTERM");
  await dispose();
}
