// `npm run bench`: throughput and latency of the ingestion API and the delivery engine on this
// machine. Starts its own embedded PostgreSQL (temp folder), the production server
// (scripts/start.ts, in-process worker off) and a loopback receiver in a child process, then:
//   1. ingest: single-endpoint sends, closed loop, worker stopped → events/s, API latency
//   2. drain:  one `scripts/worker.ts` process delivers that backlog → deliveries/s
//   3. steady: open-loop sends at a fixed rate (BENCH_RATE, and half the measured ingest
//      capacity when that is lower) with the worker running → e2e latency
//   4. ceiling: a bare keep-alive POST loop (no database) against the same receiver
// and reports where the CPU time went (per process group). Bounded: about two minutes.
import { randomBytes } from "node:crypto";
import { fork, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const INGEST_EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 3000);
const INGEST_CONCURRENCY = Number(process.env.BENCH_INGEST_CONCURRENCY ?? 32);
const STEADY_RATE = Number(process.env.BENCH_RATE ?? 500);
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 5);
const CEILING_SECONDS = Number(process.env.BENCH_CEILING_SECONDS ?? 5);
const WORKER_CONCURRENCY = process.env.NAHOOK_WORKER_CONCURRENCY ?? "64";

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

async function main() {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(" ");
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  process.chdir(root);
  const { buildIfStale } = await import("./lib/build");
  const { startEmbeddedPostgres } = await import("../lib/db/embedded");
  const { applyMigrations } = await import("../lib/db/migrate");
  buildIfStale(log);

  const tmp = mkdtempSync(path.join(os.tmpdir(), "nahook-bench-"));
  chmodSync(tmp, 0o755);
  const database = await startEmbeddedPostgres(path.join(tmp, "db"), log);
  process.env.DATABASE_URL = database.url;
  // A throwaway database gets a throwaway key (with DATABASE_URL set, processes require one).
  process.env.NAHOOK_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  const children: ChildProcess[] = [];
  try {
    await applyMigrations(database.url);
    const { createWorkspace } = await import("../lib/workspaces/workspaces");
    const { db, disconnectDb } = await import("../lib/db/client");
    const { newId } = await import("../lib/ids");
    const { newEndpointSecret } = await import("../lib/auth/secrets");

    const receiver = fork(fileURLToPath(import.meta.url), ["--receiver"], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    children.push(receiver);
    const receiverPort = await new Promise<number>((resolve) => receiver.once("message", (m: { port: number }) => resolve(m.port)));
    const receiverUrl = `http://127.0.0.1:${receiverPort}/hook`;

    const ws = await createWorkspace({ name: "bench", plan: "pro" });
    const endpoint = await db.endpoint.create({
      data: { id: newId("ep"), workspaceId: ws.workspaceId, environmentId: ws.environmentId, url: receiverUrl, secret: newEndpointSecret() },
    });
    await disconnectDb();

    const port = await new Promise<number>((resolve) => {
      const s = http.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const baseEnv = { ...process.env, DATABASE_URL: database.url, NAHOOK_ALLOW_PRIVATE_NETWORKS: "true", NAHOOK_RETENTION: "off" };
    const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      env: { ...baseEnv, PORT: String(port), HOST: "127.0.0.1", NAHOOK_SKIP_BUILD: "1", NAHOOK_WORKER: "off" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(server);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(() => fetch(`${base}/`).then((r) => r.ok).catch(() => false), 60_000, "the server");

    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    const sendOnce = (seq: number, phase: string) =>
      new Promise<{ status: number; start: number; end: number }>((resolve, reject) => {
        const body = JSON.stringify({ payload: { seq, phase, order: { id: `ord_${seq}`, amount: 49.99, currency: "EUR" } } });
        const start = now();
        const req = http.request(`${base}/api/ingest/${endpoint.id}`, {
          method: "POST", agent,
          headers: { authorization: `Bearer ${ws.ingestionKey}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, start, end: now() }));
        });
        req.on("error", (error) => reject(Object.assign(error, { reused: req.reusedSocket })));
        req.end(body);
      });
    // A kept-alive socket the server closed while idle fails on reuse: try once more. Any other
    // failure counts as a non-202 (status 0) instead of aborting the run.
    const send = (seq: number, phase: string) =>
      sendOnce(seq, phase)
        .catch((error: { reused?: boolean }) => (error.reused ? sendOnce(seq, phase) : Promise.reject(error)))
        .catch(() => ({ status: 0, start: now(), end: now() }));

    const groups = () => ({ server: [server.pid!], worker: children.filter((c) => c.spawnargs.includes("scripts/worker.ts")).map((c) => c.pid!), receiver: [receiver.pid!] });

    // Warm-up (route compilation, JIT, connection pools).
    let failures = 0;
    for (let i = 0; i < 300; i += 20) {
      const results = await Promise.all(Array.from({ length: 20 }, (_, j) => send(i + j, "warm")));
      failures += results.filter((r) => r.status !== 202).length;
    }

    // 1. Ingest throughput, closed loop.
    let cpu0 = cpuByGroup(groups());
    const latencies: number[] = [];
    let next = 0;
    const t0 = now();
    await Promise.all(
      Array.from({ length: INGEST_CONCURRENCY }, async () => {
        while (next < INGEST_EVENTS) {
          const r = await send(next++, "ingest");
          if (r.status !== 202) failures++;
          latencies.push(r.end - r.start);
        }
      }),
    );
    const ingestSeconds = (now() - t0) / 1000;
    const ingestCpu = cpuDelta(cpu0, cpuByGroup(groups()), ingestSeconds);
    const backlog = 300 + INGEST_EVENTS - failures;

    // 2. Drain the backlog with one worker process.
    cpu0 = cpuByGroup(groups());
    const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      env: { ...baseEnv, NAHOOK_WORKER_CONCURRENCY: WORKER_CONCURRENCY },
      stdio: ["ignore", "ignore", "ignore"],
    });
    children.push(worker);
    await waitFor(async () => (await ask<number>(receiver, "count", "count")) >= backlog, 120_000, "the backlog to drain");
    const drained = (await ask<Arrival[]>(receiver, "drain", "arrivals")).filter((a) => a.phase === "ingest" || a.phase === "warm");
    const first = Math.min(...drained.map((a) => a.at));
    const last = Math.max(...drained.map((a) => a.at));
    const drainSeconds = (last - first) / 1000;
    const drainRate = drained.length / drainSeconds;
    const drainCpu = cpuDelta(cpu0, cpuByGroup(groups()), (now() - (first - 0)) / 1000);

    // 3. Steady state: open loop at a fixed rate, worker running.
    let steadyBase = backlog;
    const steady = async (rate: number, label: string) => {
      const cpuStart = cpuByGroup(groups());
      const accepted = new Map<number, number>();
      const apiLatency: number[] = [];
      let failed = 0;
      const total = Math.round(rate * STEADY_SECONDS);
      const pending: Promise<void>[] = [];
      const s0 = now();
      for (let seq = 0; seq < total; seq++) {
        const due = s0 + (seq * 1000) / rate;
        const wait = due - now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        pending.push(send(seq, "steady").then((r) => {
          if (r.status === 202) accepted.set(seq, r.end);
          else failed++;
          apiLatency.push(r.end - r.start);
        }));
      }
      await Promise.all(pending);
      const sendSeconds = (now() - s0) / 1000;
      steadyBase += total - failed;
      await waitFor(async () => (await ask<number>(receiver, "count", "count")) >= steadyBase, 60_000, "steady-state deliveries");
      const cpu = cpuDelta(cpuStart, cpuByGroup(groups()), (now() - s0) / 1000);
      const arrivals = (await ask<Arrival[]>(receiver, "drain", "arrivals")).filter((a) => a.phase === "steady");
      const e2e = arrivals.map((a) => Math.max(0, a.at - (accepted.get(a.seq) ?? a.at)));
      return [
        `${label} at ${fmt(rate, 0)} events/s for ${STEADY_SECONDS} s (${total} events, sent in ${fmt(sendSeconds, 2)} s): ${arrivals.length} delivered`,
        `   e2e (202 → receiver) p50 ${fmt(percentile(e2e, 50))} ms, p99 ${fmt(percentile(e2e, 99))} ms; API latency p50 ${fmt(percentile(apiLatency, 50))} ms, p99 ${fmt(percentile(apiLatency, 99))} ms, non-202: ${failed}`,
        `   CPU: ${cpu}`,
      ];
    };
    const steadyLines = await steady(STEADY_RATE, "3. steady state");
    const sustainable = Math.floor(INGEST_EVENTS / ingestSeconds / 2);
    if (sustainable < STEADY_RATE) steadyLines.push(...(await steady(sustainable, "3b. steady state (half the measured ingest capacity)")));

    // 4. Ceiling: bare keep-alive POSTs, same concurrency as the worker, no database.
    const ceilingAgent = new http.Agent({ keepAlive: true, maxSockets: Number(WORKER_CONCURRENCY) });
    const ceilingBody = JSON.stringify({ seq: 0, phase: "ceiling", order: { id: "ord_0", amount: 49.99, currency: "EUR" } });
    let ceilingCount = 0;
    const c0 = now();
    const stopAt = c0 + CEILING_SECONDS * 1000;
    await Promise.all(
      Array.from({ length: Number(WORKER_CONCURRENCY) }, async () => {
        while (now() < stopAt) {
          await new Promise<void>((resolve, reject) => {
            const req = http.request(receiverUrl, {
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
    const ceilingRate = ceilingCount / ((now() - c0) / 1000);
    await ask(receiver, "drain", "arrivals");

    const lines = [
      ``,
      `Nahook benchmark — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "cpu"}), Node ${process.version}, load average at start ${loadAtStart}, at end ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`,
      `(CPU lines: share of one core per process group; "server" is the Next.js server, "bench" the load generator)`,
      ``,
      `1. ingest (send, 1 endpoint, ${INGEST_CONCURRENCY} concurrent, worker stopped): ${INGEST_EVENTS} events in ${fmt(ingestSeconds, 2)} s`,
      `   throughput ${fmt(INGEST_EVENTS / ingestSeconds, 0)} events/s, API latency p50 ${fmt(percentile(latencies, 50))} ms, p99 ${fmt(percentile(latencies, 99))} ms, non-202: ${failures}`,
      `   CPU: ${ingestCpu}`,
      `2. delivery (one worker process, concurrency ${WORKER_CONCURRENCY}, backlog ${backlog}): ${drained.length} deliveries in ${fmt(drainSeconds, 2)} s`,
      `   throughput ${fmt(drainRate, 0)} deliveries/s`,
      `   CPU: ${drainCpu}`,
      ...steadyLines,
      `4. ceiling (bare keep-alive POST loop, ${WORKER_CONCURRENCY} concurrent, no database): ${fmt(ceilingRate, 0)} requests/s`,
      `   delivery throughput = ${fmt((drainRate / ceilingRate) * 100, 0)}% of the ceiling`,
      ``,
    ];
    console.log(lines.join("\n"));
  } finally {
    for (const child of children.reverse()) {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    }
    await database.stop().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv.includes("--receiver")) runReceiver();
else
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
