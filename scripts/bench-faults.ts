// `npm run bench:faults`: how well one customer's broken endpoint is kept from delaying anyone
// else, and what a PostgreSQL restart costs. Starts its own embedded PostgreSQL (temp folder)
// and the product as `npm start` runs it (scripts/start.ts: web + one in-process worker,
// default settings), with loopback receivers in this process:
//   1. a healthy endpoint (answers at once) gets BENCH_FAULT_RATE events/s (default 50) for
//      BENCH_FAULT_SECONDS (default 6) alone, then next to each noisy neighbour — hanging
//      (accepts, never answers), slow (answers after 5 s), refusing (connection refused),
//      failing (HTTP 500) — that has a backlog of BENCH_FAULT_BACKLOG (default 400) events;
//      prints the healthy endpoint's end-to-end p50/p99 (202 → receiver) and the ratio to alone;
//      then next to a crowd: BENCH_FAULT_CROWD (default 1,000) other endpoints that each get a
//      burst of 3 events at once (many customers' backlogs after an outage), with the time the
//      crowd's deliveries took to arrive; then next to a client retrying in a storm (32 concurrent
//      sends repeating 200 earlier idempotency keys), with the healthy sends' API p99 beside;
//   2. paced ingestion while PostgreSQL is restarted in immediate mode (pg_ctl restart -m
//      immediate): answers by status, accepted events lost, duplicates, seconds to recover.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const RATE = Number(process.env.BENCH_FAULT_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_FAULT_SECONDS ?? 6);
const BACKLOG = Number(process.env.BENCH_FAULT_BACKLOG ?? 400);
const CROWD = Number(process.env.BENCH_FAULT_CROWD ?? 1_000);

const now = () => performance.timeOrigin + performance.now();
const log = (line: string) => console.error(`[bench:faults] ${line}`);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
/** HTTP statuses and how often each came back, e.g. "202 × 304, 503 × 29". */
const statusSummary = (statuses: Map<number, number>) =>
  [...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s === 0 ? "no answer" : s} × ${n}`).join(", ");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

type Mode = "ok" | "hang" | "slow" | "error";

/** A loopback receiver; records arrivals of `{"tag":…,"seq":…}` payloads. */
async function receiver(mode: Mode) {
  const arrivals = new Map<string, number[]>();
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = now();
      const match = /"tag":"(\w+)","seq":(\d+)/.exec(Buffer.concat(chunks).toString());
      if (match) {
        const key = `${match[1]}:${match[2]}`;
        const list = arrivals.get(key) ?? [];
        list.push(at);
        arrivals.set(key, list);
      }
      if (mode === "ok") res.end("ok");
      else if (mode === "error") res.writeHead(500).end("down");
      else if (mode === "slow") setTimeout(() => res.end("ok"), 5_000).unref();
      // hang: never answers
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    arrivals,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function closedPortUrl() {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}/hook`;
}

async function main() {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(" ");
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  process.chdir(root);
  const { startBenchDatabase } = await import("./lib/bench-database");
  const { freePort } = await import("./lib/free-port");
  const { database, dispose } = await startBenchDatabase("nahook-bench-faults", log);
  const children: ChildProcess[] = [];
  const receivers: { close(): Promise<void> }[] = [];
  try {
    const { createWorkspace } = await import("../lib/workspaces/workspaces");
    const { disconnectDb } = await import("../lib/db/client");
    const ws = await createWorkspace({ name: "bench-faults", plan: "pro" });
    await disconnectDb();

    const port = await freePort();
    const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      env: { ...process.env, DATABASE_URL: database.url, NAHOOK_ALLOW_PRIVATE_NETWORKS: "true", NAHOOK_RETENTION: "off", PORT: String(port), HOST: "127.0.0.1", NAHOOK_SKIP_BUILD: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    children.push(server);
    // Keep the server's last words: they explain a start-up that never became ready.
    let serverErr = "";
    server.stderr?.on("data", (chunk: Buffer) => (serverErr = (serverErr + chunk.toString()).slice(-4000)));
    const base = `http://127.0.0.1:${port}`;
    if (!(await waitFor(() => fetch(`${base}/readyz`).then((r) => r.ok).catch(() => false), 90_000))) throw new Error(`the server did not start:\n${serverErr}`);

    const mgmt = (method: string, p: string, body?: unknown) =>
      fetch(`${base}/management/v1/workspaces/${ws.workspaceId}${p}`, {
        method,
        headers: { authorization: `Bearer ${ws.managementToken}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const createEndpoint = async (url: string) => ((await (await mgmt("POST", "/endpoints", { url })).json()) as { id: string }).id;

    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const send = (endpointId: string, tag: string, seq: number, idempotencyKey?: string) =>
      new Promise<{ status: number; end: number }>((resolve) => {
        const body = JSON.stringify({ payload: { tag, seq }, idempotencyKey });
        const req = http.request(`${base}/api/ingest/${endpointId}`, {
          method: "POST", agent,
          headers: { authorization: `Bearer ${ws.ingestionKey}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, end: now() }));
        });
        req.on("error", () => resolve({ status: 0, end: now() }));
        req.end(body);
      });

    const healthy = await receiver("ok");
    receivers.push(healthy);
    const healthyId = await createEndpoint(healthy.url);

    /** Open-loop sends to the healthy endpoint at RATE; e2e latency of each accepted event. */
    const measure = async (tag: string) => {
      const accepted = new Map<number, number>();
      const api: number[] = [];
      const total = Math.round(RATE * SECONDS);
      const pending: Promise<void>[] = [];
      const s0 = now();
      for (let seq = 0; seq < total; seq++) {
        const wait = s0 + (seq * 1000) / RATE - now();
        if (wait > 1) await sleep(wait);
        const start = now();
        pending.push(send(healthyId, tag, seq).then((r) => {
          api.push(r.end - start);
          if (r.status === 202) accepted.set(seq, r.end);
        }));
      }
      await Promise.all(pending);
      await waitFor(() => [...accepted.keys()].every((seq) => healthy.arrivals.has(`${tag}:${seq}`)), 60_000);
      const e2e = [...accepted].filter(([seq]) => healthy.arrivals.has(`${tag}:${seq}`)).map(([seq, end]) => Math.max(0, healthy.arrivals.get(`${tag}:${seq}`)![0] - end));
      return { sent: total, accepted: accepted.size, delivered: e2e.length, p50: percentile(e2e, 50), p99: percentile(e2e, 99), max: Math.max(...e2e), apiP99: percentile(api, 99) };
    };

    // Warm-up: JIT, pools, keep-alive connections.
    for (let i = 0; i < 100; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => send(healthyId, "warm", i + j)));
    await sleep(1_000);

    const rows: string[] = [];
    const alone = await measure("alone");
    type Measured = Awaited<ReturnType<typeof measure>>;
    const row = (label: string, r: Measured, ratio = `${fmt(r.p99 / alone.p99, 2)}×`) =>
      rows.push(`| ${label} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${ratio} | ${fmt(r.max)} | ${r.delivered}/${r.accepted} | ${fmt(r.apiP99)} |`);
    row("alone", alone, "1.0×");

    for (const kind of ["hanging", "slow", "refusing", "failing"] as const) {
      const noisy = kind === "refusing" ? null : await receiver(kind === "hanging" ? "hang" : kind === "slow" ? "slow" : "error");
      if (noisy) receivers.push(noisy);
      const noisyId = await createEndpoint(noisy?.url ?? (await closedPortUrl()));
      for (let i = 0; i < BACKLOG; i += 20) await Promise.all(Array.from({ length: Math.min(20, BACKLOG - i) }, (_, j) => send(noisyId, kind, i + j)));
      await sleep(1_000); // the neighbour's first attempts are in flight
      const r = await measure(kind);
      row(`${kind} neighbour, ${BACKLOG} backlog`, r);
      // Out of the way of the next case: a disabled endpoint's backlog is marked failed, unsent.
      await mgmt("PATCH", `/endpoints/${noisyId}`, { isActive: false });
      await noisy?.close();
      await sleep(1_000);
    }

    // A crowd: many endpoints with a few deliveries each, all at once, next to the healthy one.
    const crowd = await receiver("ok");
    receivers.push(crowd);
    const crowdIds: string[] = [];
    for (let i = 0; i < CROWD; i += 20) crowdIds.push(...(await Promise.all(Array.from({ length: Math.min(20, CROWD - i) }, () => createEndpoint(crowd.url)))));
    const burstStart = now();
    const burst = (async () => {
      const accepted: string[] = [];
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < crowdIds.length; i += 50) {
          const slice = crowdIds.slice(i, i + 50);
          const answers = await Promise.all(slice.map((id, j) => send(id, "crowd", round * CROWD + i + j)));
          answers.forEach((a, j) => a.status === 202 && accepted.push(`crowd:${round * CROWD + i + j}`));
        }
      }
      return accepted;
    })();
    const withCrowd = await measure("crowd_healthy");
    const crowdAccepted = await burst;
    await waitFor(() => crowdAccepted.every((key) => crowd.arrivals.has(key)), 120_000);
    const crowdLast = Math.max(...crowdAccepted.map((key) => crowd.arrivals.get(key)?.[0] ?? NaN));
    row(`next to ${CROWD} endpoints with a burst of 3 each`, withCrowd);
    const crowdLine = `Crowd: ${crowdAccepted.length} events to ${CROWD} endpoints accepted and delivered in ${fmt((crowdLast - burstStart) / 1000, 2)} s (${fmt(crowdAccepted.length / ((crowdLast - burstStart) / 1000), 0)} deliveries/s, ingestion included)`;
    for (const id of crowdIds) await mgmt("PATCH", `/endpoints/${id}`, { isActive: false });
    await sleep(1_000);

    // A client retrying in a storm (after an outage, say): 32 concurrent sends to another
    // endpoint, each repeating one of 200 idempotency keys it was sent before, so every one is
    // answered with its earlier delivery. They share the ingest statements of the healthy
    // endpoint's sends (group commit).
    const stormReceiver = await receiver("ok");
    receivers.push(stormReceiver);
    const stormId = await createEndpoint(stormReceiver.url);
    const STORM_KEYS = 200;
    for (let i = 0; i < STORM_KEYS; i += 20) await Promise.all(Array.from({ length: 20 }, (_, j) => send(stormId, "storm", i + j, `storm-${i + j}`)));
    await waitFor(() => stormReceiver.arrivals.size >= STORM_KEYS, 30_000);
    let storming = true;
    const stormStatuses = new Map<number, number>();
    const stormStart = now();
    const storm = Promise.all(Array.from({ length: 32 }, async (_, worker) => {
      for (let k = worker; storming; k += 32) {
        const r = await send(stormId, "storm", k % STORM_KEYS, `storm-${k % STORM_KEYS}`);
        stormStatuses.set(r.status, (stormStatuses.get(r.status) ?? 0) + 1);
      }
    }));
    const withStorm = await measure("storm_healthy");
    storming = false;
    await storm;
    const stormSeconds = (now() - stormStart) / 1000;
    const stormSent = [...stormStatuses.values()].reduce((a, b) => a + b, 0);
    row(`next to a client retrying ${STORM_KEYS} keys, 32 at once (${fmt(stormSent / stormSeconds, 0)} repeats/s)`, withStorm);
    const stormLine = `Retry storm: ${stormSent} repeated sends answered ${statusSummary(stormStatuses)}; the receiver got ${stormReceiver.arrivals.size} distinct events for ${STORM_KEYS} keys, ${[...stormReceiver.arrivals.values()].filter((a) => a.length > 1).length} of them more than once`;
    await mgmt("PATCH", `/endpoints/${stormId}`, { isActive: false });
    await sleep(1_000);

    // The machine's load drifts during a run: measure alone again, for scale.
    const again = await measure("again");
    row("alone, again (after the neighbours were disabled)", again);

    // 2. PostgreSQL restarted in immediate mode during paced ingestion (RATE events/s).
    const statuses = new Map<number, number>();
    const accepted: number[] = [];
    let seq = 0;
    let sending = true;
    let restartReturnedAt = 0;
    let firstAcceptAfterRestart = 0;
    const pace = (async () => {
      const s0 = now();
      const inflight: Promise<void>[] = [];
      while (sending) {
        const mine = seq++;
        inflight.push(send(healthyId, "restart", mine).then((r) => {
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status === 202) {
            accepted.push(mine);
            if (restartReturnedAt && !firstAcceptAfterRestart && r.end > restartReturnedAt) firstAcceptAfterRestart = r.end;
          }
        }));
        const wait = s0 + (seq * 1000) / RATE - now();
        if (wait > 1) await sleep(wait);
      }
      await Promise.all(inflight);
    })();
    await sleep(3_000);
    const restartStartedAt = now();
    await pgCtlRestart(database.pgDir!, database.pgCtl!);
    restartReturnedAt = now();
    await waitFor(() => firstAcceptAfterRestart > 0, 60_000);
    await sleep(3_000);
    sending = false;
    await pace;
    await waitFor(() => accepted.every((s) => healthy.arrivals.has(`restart:${s}`)), 120_000);
    const lost = accepted.filter((s) => !healthy.arrivals.has(`restart:${s}`)).length;
    const duplicates = accepted.filter((s) => (healthy.arrivals.get(`restart:${s}`)?.length ?? 0) > 1).length;

    console.log(
      [
        ``,
        `Nahook fault benchmark — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "cpu"}), Node ${process.version}, load average at start ${loadAtStart}, at end ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`,
        `npm start (one in-process worker, default settings); healthy endpoint at ${RATE} events/s for ${SECONDS} s; e2e = 202 → receiver, ms`,
        ``,
        `| Healthy endpoint … | p50 | p99 | p99 vs alone | max | delivered | its sends' API p99 |`,
        `|---|---|---|---|---|---|---|`,
        ...rows,
        ``,
        crowdLine,
        stormLine,
        ``,
        `PostgreSQL restart (pg_ctl restart -m immediate) during ${RATE} events/s of ingestion:`,
        `  answers: ${statusSummary(statuses)}`,
        `  accepted ${accepted.length}, lost ${lost}, delivered more than once ${duplicates}`,
        `  pg_ctl restart took ${fmt((restartReturnedAt - restartStartedAt) / 1000, 2)} s; first 202 ${fmt((firstAcceptAfterRestart - restartReturnedAt) / 1000, 2)} s after the database was back`,
        ``,
      ].join("\n"),
    );
  } finally {
    for (const r of receivers) await r.close().catch(() => {});
    for (const child of children.reverse()) {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    }
    await dispose();
  }
}

/** As root the embedded server runs as `postgres`; pg_ctl must run as that user too. */
function pgCtlRestart(pgDir: string, pgCtl: string): Promise<void> {
  let user: { uid?: number; gid?: number } = {};
  if (process.getuid?.() === 0) {
    const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("postgres:"));
    if (line) user = { uid: Number(line.split(":")[2]), gid: Number(line.split(":")[3]) };
  }
  return new Promise((resolve, reject) => {
    const ctl = spawn(pgCtl, ["restart", "-D", pgDir, "-m", "immediate", "-w", "-t", "60", "-l", path.join(pgDir, "restart.log")], { stdio: "ignore", ...user });
    ctl.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl restart exited ${code}`))));
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
