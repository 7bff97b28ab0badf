// `npm run bench`: the ingestion API and the delivery engine on this machine, each measure next to
// a reference taken in the same run (ratios hold up on a shared machine; absolute numbers do not).
// Starts its own embedded PostgreSQL (temp folder), the production server (scripts/start.ts,
// in-process worker off, NAHOOK_WEB_PROCESSES = --web) and a loopback receiver in a child process:
//   1. the same route refused at the door (no key → 401), closed loop: the reference for 2
//   2. single send, closed loop, workers stopped
//   3. sendBatch and triggerBatch, 20 items per request, same concurrency: vs 2
//   4. fan-out drain: 24,000 deliveries (1,200 triggers × 20 subscribed endpoints) drained by
//      --workers worker processes, first to last arrival
//   5. the references for 4: a bare keep-alive POST loop to the same receiver (no database), and
//      what a team would build instead: a tuned graphile-worker sender (local queue 500,
//      completions batched every 250 ms) draining the same 24,000 signed POSTs from the same
//      PostgreSQL, in a process of its own
//   6. end-to-end (202 → receiver) p99, open loop paced at half the single-send capacity
// Flags: --web N (web processes), --workers N (worker processes). Bounded: a few minutes.
import { createHmac, randomBytes } from "node:crypto";
import { fork, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a whole number ≥ 1`);
  return value;
};
const WEB = flag("web", 1);
const WORKERS = flag("workers", 1);
const CONCURRENCY = Number(process.env.BENCH_INGEST_CONCURRENCY ?? 32);
const SINGLE_EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 3000);
const BATCH_REQUESTS = Number(process.env.BENCH_BATCH_REQUESTS ?? 300);
const FANOUT_ENDPOINTS = 20;
const FANOUT_EVENTS = Number(process.env.BENCH_FANOUT_EVENTS ?? 1200);
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 5);
const CEILING_SECONDS = Number(process.env.BENCH_CEILING_SECONDS ?? 5);
const WORKER_CONCURRENCY = process.env.NAHOOK_WORKER_CONCURRENCY ?? "64";
const BATCH = 20;
const GRAPHILE_VERSION = "0.17";

const now = () => performance.timeOrigin + performance.now();
const log = (line: string) => console.error(`[bench] ${line}`);

// ---------------------------------------------------------------- receiver (child process)

interface Arrival {
  seq: number;
  phase: string;
  at: number;
}

function runReceiver() {
  let arrivals: Arrival[] = [];
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = now();
      count++;
      const body = Buffer.concat(chunks).toString();
      const match = /"seq":(\d+),"phase":"(\w+)"/.exec(body);
      if (match) arrivals.push({ seq: Number(match[1]), phase: match[2], at });
      res.end("ok");
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on("message", (msg: { cmd: string }) => {
    if (msg.cmd === "count") process.send!({ count });
    if (msg.cmd === "drain") {
      process.send!({ arrivals });
      arrivals = [];
    }
  });
}

// ---------------------------------------------------------------- graphile-worker sender (child process)

/**
 * The reference a team would build instead of using us: signed POST jobs on a PostgreSQL job
 * queue (graphile-worker, tuned as its docs suggest for throughput). No attempt rows, no
 * per-endpoint state, no fairness; a job that is not answered with 2xx fails and is retried.
 */
async function runGraphileSender() {
  const { run } = await import("graphile-worker");
  const secret = Buffer.from(process.env.BENCH_GW_SECRET!, "base64");
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(process.env.BENCH_GW_CONCURRENCY) });
  const runner = await run({
    connectionString: process.env.DATABASE_URL,
    concurrency: Number(process.env.BENCH_GW_CONCURRENCY),
    noHandleSignals: true,
    pollInterval: 1_000,
    logger: new (await import("graphile-worker")).Logger(() => () => {}),
    preset: { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 250, failJobBatchDelay: 250 } },
    taskList: {
      send: async (job) => {
        const { url, id, body } = job as { url: string; id: string; body: string };
        const timestamp = Math.floor(Date.now() / 1000);
        const signature = createHmac("sha256", secret).update(`${id}.${timestamp}.${body}`).digest("base64");
        await new Promise<void>((resolve, reject) => {
          const req = http.request(url, {
            method: "POST", agent,
            headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": `v1,${signature}` },
          }, (res) => {
            res.resume();
            res.on("end", () => ((res.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
          });
          req.on("error", reject);
          req.end(body);
        });
      },
    },
  });
  process.send!({ ready: true });
  process.on("message", async (msg: { cmd: string }) => {
    if (msg.cmd !== "stop") return;
    await runner.stop();
    process.exit(0);
  });
}

// ---------------------------------------------------------------- helpers

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

function ask<T>(child: ChildProcess, cmd: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (msg: Record<string, unknown>) => {
      if (key in msg) {
        child.off("message", onMessage);
        resolve(msg[key] as T);
      }
    };
    child.on("message", onMessage);
    child.send({ cmd });
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type CpuSnapshot = Map<number, { group: string; cpu: number }>;

/** CPU seconds (user + system) of every descendant of this process, by pid, with its group. */
function cpuByGroup(groups: Record<string, number[]>): CpuSnapshot {
  const tick = 100; // USER_HZ on Linux
  const procs = new Map<number, { ppid: number; comm: string; cpu: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      procs.set(Number(entry), { ppid: Number(fields[1]), comm, cpu: (Number(fields[11]) + Number(fields[12])) / tick });
    } catch {
      /* exited meanwhile */
    }
  }
  const groupOf = (pid: number): string | null => {
    const isPostgres = procs.get(pid)?.comm.startsWith("postgres");
    for (let p = pid, hops = 0; p > 1 && hops < 20; hops++) {
      if (p === process.pid) return isPostgres ? "postgres" : "bench";
      for (const [name, roots] of Object.entries(groups)) if (roots.includes(p)) return name;
      p = procs.get(p)?.ppid ?? 0;
    }
    return null;
  };
  const out: CpuSnapshot = new Map();
  for (const [pid, info] of procs) {
    const group = groupOf(pid);
    if (group) out.set(pid, { group, cpu: info.cpu });
  }
  return out;
}

/** Share of one core per group between two snapshots (processes that exited meanwhile are lost). */
function cpuDelta(before: CpuSnapshot, after: CpuSnapshot, seconds: number) {
  const totals: Record<string, number> = {};
  for (const [pid, { group, cpu }] of after) totals[group] = (totals[group] ?? 0) + cpu - (before.get(pid)?.cpu ?? 0);
  return Object.entries(totals)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${fmt((v / seconds) * 100, 0)}%`)
    .join(", ");
}

// ---------------------------------------------------------------- main

interface Closed {
  events: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  failures: number;
}

async function main() {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(" ");
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  process.chdir(root);
  const { startBenchDatabase } = await import("./lib/bench-database");
  const { freePort } = await import("./lib/free-port");
  const { database, dispose } = await startBenchDatabase("nahook-bench", log);
  const children: ChildProcess[] = [];
  try {
    const { createWorkspace } = await import("../lib/workspaces/workspaces");
    const { db, disconnectDb } = await import("../lib/db/client");
    const { newId } = await import("../lib/ids");
    const { newEndpointSecret } = await import("../lib/auth/secrets");

    const receiver = fork(fileURLToPath(import.meta.url), ["--receiver"], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    children.push(receiver);
    const receiverPort = await new Promise<number>((resolve) => receiver.once("message", (m: { port: number }) => resolve(m.port)));
    const receiverBase = `http://127.0.0.1:${receiverPort}`;

    const ws = await createWorkspace({ name: "bench", plan: "pro" });
    const endpoint = (i: number) => ({ id: newId("ep"), workspaceId: ws.workspaceId, environmentId: ws.environmentId, url: `${receiverBase}/hook/${i}`, secret: newEndpointSecret() });
    const single = await db.endpoint.create({ data: endpoint(0) });
    const fanout = await Promise.all(Array.from({ length: FANOUT_ENDPOINTS }, (_, i) => db.endpoint.create({ data: endpoint(i + 1) })));
    const oneType = await db.eventType.create({ data: { id: newId("et"), workspaceId: ws.workspaceId, name: "bench.one" } });
    const fanType = await db.eventType.create({ data: { id: newId("et"), workspaceId: ws.workspaceId, name: "bench.fanout" } });
    await db.subscription.create({ data: { id: newId("sub"), endpointId: single.id, eventTypeId: oneType.id } });
    for (const ep of fanout) await db.subscription.create({ data: { id: newId("sub"), endpointId: ep.id, eventTypeId: fanType.id } });

    const port = await freePort();
    const baseEnv = { ...process.env, DATABASE_URL: database.url, NAHOOK_ALLOW_PRIVATE_NETWORKS: "true", NAHOOK_RETENTION: "off" };
    const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      env: { ...baseEnv, PORT: String(port), HOST: "127.0.0.1", NAHOOK_SKIP_BUILD: "1", NAHOOK_WORKER: "off", NAHOOK_WEB_PROCESSES: String(WEB) },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(server);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(() => fetch(`${base}/`).then((r) => r.ok).catch(() => false), 120_000, "the server");

    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    const postOnce = (pathname: string, body: string, auth: boolean) =>
      new Promise<{ status: number; start: number; end: number }>((resolve, reject) => {
        const start = now();
        const req = http.request(`${base}${pathname}`, {
          method: "POST", agent,
          headers: { ...(auth ? { authorization: `Bearer ${ws.ingestionKey}` } : {}), "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, start, end: now() }));
        });
        req.on("error", (error) => reject(Object.assign(error, { reused: req.reusedSocket })));
        req.end(body);
      });
    // A kept-alive socket the server closed while idle fails on reuse: try once more. Any other
    // failure counts as a failed request (status 0) instead of aborting the run.
    const post = (pathname: string, body: string, auth = true) =>
      postOnce(pathname, body, auth)
        .catch((error: { reused?: boolean }) => (error.reused ? postOnce(pathname, body, auth) : Promise.reject(error)))
        .catch(() => ({ status: 0, start: now(), end: now() }));
    const payload = (seq: number, phase: string) => ({ seq, phase, order: { id: `ord_${seq}`, amount: 49.99, currency: "EUR" } });
    const send = (seq: number, phase: string, auth = true) => post(`/api/ingest/${single.id}`, JSON.stringify({ payload: payload(seq, phase) }), auth);

    const groups = () => ({ server: [server.pid!], worker: children.filter((c) => c.spawnargs.includes("scripts/worker.ts")).map((c) => c.pid!), receiver: [receiver.pid!] });

    /** Closed loop: CONCURRENCY callers, `requests` requests of `eventsPer` events each. */
    const closed = async (requests: number, eventsPer: number, one: (i: number) => Promise<{ status: number; start: number; end: number }>, ok: number[]) => {
      const latencies: number[] = [];
      let failures = 0;
      let next = 0;
      const cpu0 = cpuByGroup(groups());
      const t0 = now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < requests) {
            const r = await one(next++);
            if (!ok.includes(r.status)) failures++;
            latencies.push(r.end - r.start);
          }
        }),
      );
      const seconds = (now() - t0) / 1000;
      const result: Closed = { events: requests * eventsPer, seconds, rate: (requests * eventsPer) / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
      return { ...result, cpu: cpuDelta(cpu0, cpuByGroup(groups()), seconds) };
    };

    // Warm-up (JIT, connection pools, prepared statements) on every route measured.
    for (let i = 0; i < 300; i += 20) await Promise.all(Array.from({ length: 20 }, (_, j) => send(i + j, "warm")));
    for (let i = 0; i < 10; i++) {
      await post("/api/ingest/batch", JSON.stringify({ items: Array.from({ length: BATCH }, (_, j) => ({ endpointId: single.id, payload: payload(j, "warm") })) }));
      await post("/api/ingest/event/batch", JSON.stringify({ items: Array.from({ length: BATCH }, (_, j) => ({ eventType: "bench.one", payload: payload(j, "warm") })) }));
      await send(i, "warm", false);
    }

    log("1. refused at the door");
    const refused = await closed(SINGLE_EVENTS, 1, (i) => send(i, "refused", false), [401]);
    log("2. single send");
    const singleRun = await closed(SINGLE_EVENTS, 1, (i) => send(i, "ingest"), [202]);
    log("3. batches");
    const sendBatchRun = await closed(BATCH_REQUESTS, BATCH, (i) =>
      post("/api/ingest/batch", JSON.stringify({ items: Array.from({ length: BATCH }, (_, j) => ({ endpointId: single.id, payload: payload(i * BATCH + j, "ingest") })) })), [202]);
    const triggerBatchRun = await closed(BATCH_REQUESTS, BATCH, (i) =>
      post("/api/ingest/event/batch", JSON.stringify({ items: Array.from({ length: BATCH }, (_, j) => ({ eventType: "bench.one", payload: payload(i * BATCH + j, "ingest") })) })), [202]);

    // 4. Fan-out drain: start from an empty queue, then 24,000 deliveries to 20 endpoints.
    const { default: pg } = await import("pg");
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    await sql.query("TRUNCATE attempts, deliveries, messages");
    await sql.end();
    log("4. fan-out backlog");
    for (let i = 0; i < FANOUT_EVENTS; i += BATCH) {
      const r = await post("/api/ingest/event/batch", JSON.stringify({ items: Array.from({ length: BATCH }, (_, j) => ({ eventType: "bench.fanout", payload: payload(i + j, "fanout") })) }));
      if (r.status !== 202) throw new Error(`fan-out backlog: triggerBatch answered ${r.status}`);
    }
    const backlog = FANOUT_EVENTS * FANOUT_ENDPOINTS;
    await ask(receiver, "drain", "arrivals");
    const countBefore = await ask<number>(receiver, "count", "count");
    let cpu0 = cpuByGroup(groups());
    const drainStart = now();
    for (let i = 0; i < WORKERS; i++) {
      children.push(spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
        env: { ...baseEnv, NAHOOK_WORKER_CONCURRENCY: WORKER_CONCURRENCY, NAHOOK_RETENTION: "off" },
        stdio: ["ignore", "ignore", "inherit"],
      }));
    }
    await waitFor(async () => (await ask<number>(receiver, "count", "count")) - countBefore >= backlog, 300_000, "the fan-out backlog to drain");
    const drained = (await ask<Arrival[]>(receiver, "drain", "arrivals")).filter((a) => a.phase === "fanout");
    const first = Math.min(...drained.map((a) => a.at));
    const last = Math.max(...drained.map((a) => a.at));
    const drainRate = drained.length / ((last - first) / 1000);
    const drainCpu = cpuDelta(cpu0, cpuByGroup(groups()), (now() - drainStart) / 1000);

    // 5. Reference: bare keep-alive POSTs to the same receiver and paths, same concurrency, no database.
    log("5. bare POST loop");
    const ceilingAgent = new http.Agent({ keepAlive: true, maxSockets: Number(WORKER_CONCURRENCY) * WORKERS });
    const ceilingBody = JSON.stringify(payload(0, "ceiling"));
    let ceilingCount = 0;
    cpu0 = cpuByGroup(groups());
    const c0 = now();
    const stopAt = c0 + CEILING_SECONDS * 1000;
    await Promise.all(
      Array.from({ length: Number(WORKER_CONCURRENCY) * WORKERS }, async (_, lane) => {
        while (now() < stopAt) {
          await new Promise<void>((resolve, reject) => {
            const req = http.request(`${receiverBase}/hook/${1 + ((lane + ceilingCount) % FANOUT_ENDPOINTS)}`, {
              method: "POST", agent: ceilingAgent,
              headers: { "content-type": "application/json", "content-length": Buffer.byteLength(ceilingBody), "webhook-id": "msg_x", "webhook-timestamp": "1", "webhook-signature": "v1,x" },
            }, (res) => {
              res.resume();
              res.on("end", resolve);
            });
            req.on("error", reject);
            req.end(ceilingBody);
          });
          ceilingCount++;
        }
      }),
    );
    const ceilingSeconds = (now() - c0) / 1000;
    const ceilingRate = ceilingCount / ceilingSeconds;
    const ceilingCpu = cpuDelta(cpu0, cpuByGroup(groups()), ceilingSeconds);
    await ask(receiver, "drain", "arrivals");

    // 5b. Reference: the same 24,000 signed POSTs as graphile-worker jobs, queued first, then drained.
    log("5b. graphile-worker sender");
    const { makeWorkerUtils } = await import("graphile-worker");
    const gwUtils = await makeWorkerUtils({ connectionString: database.url });
    await gwUtils.migrate();
    for (let i = 0; i < backlog; i += 1_000) {
      await gwUtils.addJobs(Array.from({ length: Math.min(1_000, backlog - i) }, (_, j) => ({
        identifier: "send",
        payload: { url: `${receiverBase}/hook/${1 + ((i + j) % FANOUT_ENDPOINTS)}`, id: `msg_gw_${i + j}`, body: JSON.stringify(payload(i + j, "graphile")) },
      })));
    }
    await gwUtils.release();
    const gwBefore = await ask<number>(receiver, "count", "count");
    cpu0 = cpuByGroup(groups());
    const gwStart = now();
    const gwSender = fork(fileURLToPath(import.meta.url), ["--graphile-sender"], {
      execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: { ...baseEnv, BENCH_GW_SECRET: randomBytes(24).toString("base64"), BENCH_GW_CONCURRENCY: WORKER_CONCURRENCY },
    });
    children.push(gwSender);
    const gwGroups = groups();
    await waitFor(async () => (await ask<number>(receiver, "count", "count")) - gwBefore >= backlog, 300_000, "the graphile-worker backlog to drain");
    const gwArrivals = (await ask<Arrival[]>(receiver, "drain", "arrivals")).filter((a) => a.phase === "graphile");
    const gwRate = gwArrivals.length / ((Math.max(...gwArrivals.map((a) => a.at)) - Math.min(...gwArrivals.map((a) => a.at))) / 1000);
    const gwCpu = cpuDelta(cpu0, cpuByGroup({ ...gwGroups, graphile: [gwSender.pid!] }), (now() - gwStart) / 1000);
    gwSender.send({ cmd: "stop" });
    await new Promise((r) => (gwSender.exitCode !== null ? r(null) : gwSender.once("exit", r)));

    // 6. End-to-end latency, open loop at half the single-send capacity, workers running.
    log("6. end-to-end");
    const rate = Math.max(1, Math.floor(singleRun.rate / 2));
    const steadyBase = await ask<number>(receiver, "count", "count");
    cpu0 = cpuByGroup(groups());
    const accepted = new Map<number, number>();
    const apiLatency: number[] = [];
    let steadyFailed = 0;
    const total = Math.round(rate * STEADY_SECONDS);
    const pending: Promise<void>[] = [];
    const s0 = now();
    for (let seq = 0; seq < total; seq++) {
      const wait = s0 + (seq * 1000) / rate - now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(send(seq, "steady").then((r) => {
        if (r.status === 202) accepted.set(seq, r.end);
        else steadyFailed++;
        apiLatency.push(r.end - r.start);
      }));
    }
    await Promise.all(pending);
    await waitFor(async () => (await ask<number>(receiver, "count", "count")) - steadyBase >= total - steadyFailed, 120_000, "steady-state deliveries");
    const steadyCpu = cpuDelta(cpu0, cpuByGroup(groups()), (now() - s0) / 1000);
    const arrivals = (await ask<Arrival[]>(receiver, "drain", "arrivals")).filter((a) => a.phase === "steady");
    const e2e = arrivals.map((a) => Math.max(0, a.at - (accepted.get(a.seq) ?? a.at)));

    const pct = (a: number, b: number) => `${fmt((a / b) * 100, 0)} %`;
    const times = (a: number, b: number) => `${fmt(a / b, 1)}×`;
    const rows: [string, string, string, string, string][] = [
      [`Single send, ${CONCURRENCY} concurrent`, `${fmt(singleRun.rate, 0)} events/s (p50 ${fmt(singleRun.p50)} ms, p99 ${fmt(singleRun.p99)} ms)`, `refused at the door (no key): ${fmt(refused.rate, 0)}/s`, pct(singleRun.rate, refused.rate), "≥ 60 %"],
      [`sendBatch, ${BATCH} items`, `${fmt(sendBatchRun.rate, 0)} events/s, p99 ${fmt(sendBatchRun.p99)} ms`, "single send", times(sendBatchRun.rate, singleRun.rate), "≥ 10×, p99 < 100 ms"],
      [`triggerBatch, ${BATCH} items`, `${fmt(triggerBatchRun.rate, 0)} events/s, p99 ${fmt(triggerBatchRun.p99)} ms`, "single send", times(triggerBatchRun.rate, singleRun.rate), "≥ 10×, p99 < 100 ms"],
      [`Fan-out drain, ${backlog} deliveries to ${FANOUT_ENDPOINTS} endpoints`, `${fmt(drainRate, 0)} deliveries/s`, `bare keep-alive POST loop: ${fmt(ceilingRate, 0)}/s`, pct(drainRate, ceilingRate), "≥ 60 %"],
      [`… vs what a team would build instead`, `${fmt(drainRate, 0)} deliveries/s`, `graphile-worker ${GRAPHILE_VERSION} sender, tuned: ${fmt(gwRate, 0)}/s (${pct(gwRate, ceilingRate)} of the bare loop)`, pct(drainRate, gwRate), "≥ 100 %"],
      [`End-to-end at ${rate} events/s (half of single send)`, `p50 ${fmt(percentile(e2e, 50))} ms, p99 ${fmt(percentile(e2e, 99))} ms (${arrivals.length} delivered)`, "—", "—", "p99 ≤ 50 ms"],
    ];
    const widths = [0, 1, 2, 3, 4].map((c) => Math.max(...rows.map((r) => r[c].length), ["Measure", "Result", "Reference in the same run", "Ratio", "Target"][c].length));
    const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
    const failures = [refused, singleRun, sendBatchRun, triggerBatchRun].reduce((n, r) => n + r.failures, 0) + steadyFailed;
    const lines = [
      ``,
      `Nahook benchmark — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "cpu"}), Node ${process.version}; --web ${WEB} --workers ${WORKERS} (worker concurrency ${WORKER_CONCURRENCY})`,
      `load average at start ${loadAtStart}, at end ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`,
      ``,
      line(["Measure", "Result", "Reference in the same run", "Ratio", "Target"]),
      line(widths.map((w) => "-".repeat(w))),
      ...rows.map(line),
      ``,
      `Unexpected statuses: ${failures}. API latency during the end-to-end run: p50 ${fmt(percentile(apiLatency, 50))} ms, p99 ${fmt(percentile(apiLatency, 99))} ms.`,
      `CPU (share of one core per process group; "server" is npm start without its worker, "bench" the load generator):`,
      `  refused ${refused.cpu}`,
      `  single  ${singleRun.cpu}`,
      `  sendBatch ${sendBatchRun.cpu}`,
      `  triggerBatch ${triggerBatchRun.cpu}`,
      `  drain   ${drainCpu}`,
      `  bare loop ${ceilingCpu}`,
      `  graphile-worker ${gwCpu}`,
      `  e2e     ${steadyCpu}`,
      ``,
    ];
    console.log(lines.join("\n"));
    await disconnectDb();
  } finally {
    for (const child of children.reverse()) {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    }
    await dispose();
  }
}

if (process.argv.includes("--receiver")) runReceiver();
else if (process.argv.includes("--graphile-sender")) void runGraphileSender();
else
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
