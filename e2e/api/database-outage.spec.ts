import { spawn } from "node:child_process";
import { expect, test } from "../support/fixtures";
import { startReceiver, waitUntil } from "../support/delivery";
import { processAlive, startProduct } from "../support/product";

// PostgreSQL restarted underneath a running `npm start` while events keep coming: every answer
// is 202 or 503 (with the envelope and an integer Retry-After), every 202'd event reaches its
// endpoint, and the product recovers by itself. The product runs on a database of its own, so
// the rest of the suite never sees the outage.

async function cli(databaseUrl: string, args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/nahook.ts", ...args], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (c) => (out += c));
  child.stderr!.on("data", (c) => (err += c));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`nahook ${args.join(" ")} exited ${code}: ${err}`);
  return JSON.parse(out) as Record<string, string>;
}

test("PostgreSQL restarted in immediate mode: only 202 or 503, nothing accepted is lost, the product recovers alone", async () => {
  test.setTimeout(300_000);
  const seen = new Set<number>();
  const receiver = await startReceiver((req, res) => {
    seen.add((JSON.parse(req.body) as { n: number }).n);
    res.end("ok");
  });
  const product = await startProduct({ NAHOOK_DELIVERY_TIMEOUT_MS: "3000", NAHOOK_WORKER_LEASE_MS: "8000", NAHOOK_WORKER_POLL_MS: "250" });
  try {
    await product.ready();
    const health = await fetch(`${product.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });

    const ws = await cli(product.databaseUrl(), ["workspace", "create", "--name", "Outage", "--plan", "pro"]);
    const created = await fetch(`${product.baseUrl}/management/v1/workspaces/${ws.workspaceId}/endpoints`, {
      method: "POST",
      headers: { authorization: `Bearer ${ws.managementToken}`, "content-type": "application/json" },
      body: JSON.stringify({ url: receiver.url }),
    });
    expect(created.status).toBe(201);
    const endpointId = ((await created.json()) as { id: string }).id;

    const statuses = new Map<number, number>();
    const accepted: number[] = [];
    const badAnswers: string[] = [];
    let n = 0;
    let sending = true;
    const send = async () => {
      const i = n++;
      const res = await fetch(`${product.baseUrl}/api/ingest/${endpointId}`, {
        method: "POST",
        headers: { authorization: `Bearer ${ws.ingestionKey}`, "content-type": "application/json" },
        body: JSON.stringify({ payload: { n: i } }),
      }).catch((error: Error) => ({ status: -1, error }) as const);
      if ("error" in res) {
        badAnswers.push(`#${i}: no answer (${res.error.message})`);
        return 0;
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 202) accepted.push(i);
      else if (res.status === 503) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
        const retryAfter = res.headers.get("retry-after") ?? "";
        if (!body?.error?.code || !body.error.message || !/^\d+$/.test(retryAfter)) badAnswers.push(`#${i}: 503 without envelope or Retry-After`);
      } else badAnswers.push(`#${i}: HTTP ${res.status} ${await res.text().catch(() => "")}`.slice(0, 300));
      return res.status;
    };
    // Two paced senders (~40 events/s together on an idle machine), bounded by the flag below.
    const senders = [0, 1].map(async () => {
      while (sending) {
        await send();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });

    await waitUntil(() => accepted.length >= 30, 60_000, "events accepted before the restart");
    await product.restartDatabaseImmediately();
    const restartedAt = Date.now();
    // Ingestion comes back on its own once the database is up.
    const beforeRecovery = accepted.length;
    await waitUntil(() => accepted.length > beforeRecovery + 20, 60_000, "ingestion to accept events again after the restart");
    console.log(`outage spec: ingestion back ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after pg_ctl restart returned`);
    sending = false;
    await Promise.all(senders);

    expect(badAnswers).toEqual([]);
    expect([...statuses.keys()].every((s) => s === 202 || s === 503)).toBe(true);
    // Every accepted event arrives (at least once), including those whose attempt or claim the crash interrupted.
    await waitUntil(() => accepted.every((i) => seen.has(i)), 120_000, `every accepted event to arrive (missing ${accepted.filter((i) => !seen.has(i)).slice(0, 10).join(", ")})`);
    expect((await fetch(`${product.baseUrl}/readyz`)).status).toBe(200);

    // The postmaster dies outright: npm start's supervisor starts the database again — or, if
    // it cannot (the contract allows either), exits non-zero instead of serving on a dead database.
    const pid = product.postmasterPid();
    expect(pid).not.toBeNull();
    process.kill(pid!, "SIGKILL");
    await waitUntil(() => !processAlive(pid!), 30_000, "the postmaster to die");
    let exitCode: number | null | undefined;
    void product.exited.then((code) => (exitCode = code));
    const restarted = () => {
      const next = product.postmasterPid();
      return next !== null && next !== pid && processAlive(next);
    };
    await waitUntil(() => restarted() || exitCode !== undefined, 150_000, "npm start to restart the database or exit").catch((error: Error) => {
      throw new Error(`${error.message}; npm start's log: ${product.log().slice(-1500)}`);
    });
    if (exitCode !== undefined) {
      expect(exitCode, product.log().slice(-1500)).not.toBe(0);
      expect(product.log()).toContain("could not be restarted");
      return;
    }
    await product.ready(120_000);
    const after = await send();
    expect(after).toBe(202);

    // SIGTERM still stops npm start, and the database with it, after all of that.
    const code = await product.stop();
    expect(code).toBe(0);
    const last = product.postmasterPid();
    if (last !== null) await waitUntil(() => !processAlive(last), 30_000, "the database to stop with npm start");
  } finally {
    await product.cleanup();
    await receiver.close();
  }
});

test("readiness and liveness need no credentials and reveal nothing", async ({ request }) => {
  for (const path of ["/healthz", "/readyz"]) {
    const res = await request.get(path);
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers()["cache-control"]).toBe("no-store");
  }
});
