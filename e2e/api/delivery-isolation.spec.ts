import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "../support/fixtures";
import { findDelivery, ingestClient, startReceiver, waitUntil, type Receiver } from "../support/delivery";

// One customer's broken endpoint must not delay anyone else. Each case puts a backlog on a
// misbehaving neighbour, then sends paced events to a healthy endpoint of the same server and
// checks what a user would: every accepted event reaches the healthy endpoint, the neighbour
// never holds more attempts in flight than its cap, and its circuit opens instead of burning
// its deliveries' retries. Nothing here measures speed (see `npm run bench:faults`).

const BACKLOG = 60;
const HEALTHY_EVENTS = 20;

/** A receiver that tracks how many requests are open at once; `mode` decides how it answers. */
async function startNeighbour(mode: "hang" | "slow" | "error") {
  let open = 0;
  let maxOpen = 0;
  let healthy = false;
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    req.resume();
    open++;
    maxOpen = Math.max(maxOpen, open);
    res.on("close", () => open--);
    if (healthy) return res.end("ok");
    if (mode === "error") return void res.writeHead(500).end("boom");
    if (mode === "slow") return void setTimeout(() => res.end("ok"), 2_000);
    // hang: never answer; the sender's deadline ends it.
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    maxOpen: () => maxOpen,
    heal: () => {
      healthy = true;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nobody listens on: connections are refused. */
async function refusingUrl() {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function paced(count: number, gapMs: number, send: (i: number) => Promise<number>) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    statuses.push(await send(i));
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return statuses;
}

for (const kind of ["hanging", "slow", "refusing", "failing"] as const) {
  test(`a ${kind} neighbour with a backlog does not hold back a healthy endpoint`, async ({ request, ws, mgmt }) => {
    test.setTimeout(120_000);
    const healthy: Receiver = await startReceiver();
    const neighbour = kind === "refusing" ? null : await startNeighbour(kind === "hanging" ? "hang" : kind === "slow" ? "slow" : "error");
    try {
      const cap = 3;
      const noisy = await mgmt.post("/endpoints", { url: neighbour?.url ?? (await refusingUrl()), maxInFlight: cap });
      expect(noisy.status()).toBe(201);
      const noisyEp = (await noisy.json()) as { id: string; maxInFlight: number; health: { state: string } };
      expect(noisyEp.maxInFlight).toBe(cap);
      expect(noisyEp.health.state).toBe("closed");
      const good = await mgmt.post("/endpoints", { url: healthy.url });
      const goodEp = (await good.json()) as { id: string };

      const ingest = ingestClient(request, ws.ingestionKey);
      const backlog = await Promise.all(Array.from({ length: BACKLOG }, (_, i) => ingest.send(noisyEp.id, { payload: { backlog: i } })));
      expect(backlog.map((r) => r.status())).toEqual(backlog.map(() => 202));

      const statuses = await paced(HEALTHY_EVENTS, 50, async (i) => (await ingest.send(goodEp.id, { payload: { n: i } })).status());
      expect(statuses.every((s) => s === 202)).toBe(true);
      await healthy.waitForRequests(HEALTHY_EVENTS, 60_000);
      const got = new Set(healthy.requests.map((r) => (JSON.parse(r.body) as { n: number }).n));
      expect(got.size).toBe(HEALTHY_EVENTS);

      if (kind === "failing" || kind === "refusing" || kind === "hanging") {
        // The circuit opened: the backlog waits instead of being attempted and retried.
        await waitUntil(async () => {
          const body = (await (await mgmt.get(`/endpoints/${noisyEp.id}`)).json()) as { health: { state: string } };
          return body.health.state !== "closed";
        }, 60_000, "the neighbour's circuit to open");
        const health = ((await (await mgmt.get(`/endpoints/${noisyEp.id}`)).json()) as { health: { state: string; failingSince: string | null; nextProbeAt: string | null; consecutiveFailures: number } }).health;
        expect(["open", "half_open"]).toContain(health.state);
        expect(health.failingSince).not.toBeNull();
        expect(health.nextProbeAt).not.toBeNull();
        expect(health.consecutiveFailures).toBeGreaterThanOrEqual(5);
        const untouched = await countUntouched(noisyEp.id);
        expect(untouched).toBeGreaterThan(BACKLOG / 2);
      }
      if (neighbour) expect(neighbour.maxOpen()).toBeLessThanOrEqual(cap);

      if (neighbour && kind !== "slow") {
        // The receiver is fixed: a probe succeeds, the circuit closes and the backlog flows.
        neighbour.heal();
        await waitUntil(async () => {
          const body = (await (await mgmt.get(`/endpoints/${noisyEp.id}`)).json()) as { health: { state: string } };
          return body.health.state === "closed";
        }, 60_000, "the neighbour's circuit to close");
        await waitUntil(async () => (await countUntouched(noisyEp.id)) === 0, 90_000, "the neighbour's backlog to flow");
        expect(neighbour.maxOpen()).toBeLessThanOrEqual(cap);
      }
    } finally {
      await healthy.close();
      await neighbour?.close();
    }
  });
}

/** Deliveries of the endpoint that were never attempted and still wait. */
async function countUntouched(endpointId: string) {
  const { db } = await import("../support/fixtures");
  return db.delivery.count({ where: { endpointId, totalAttempts: 0, status: "pending" } });
}

test("maxInFlight and throttleRate are validated and can be reset", async ({ mgmt }) => {
  const receiver = await startReceiver();
  try {
    for (const bad of [{ maxInFlight: 0 }, { maxInFlight: 101 }, { maxInFlight: 2.5 }, { maxInFlight: "3" }, { throttleRate: 0 }, { throttleRate: 10_001 }, { throttleRate: true }]) {
      const res = await mgmt.post("/endpoints", { url: receiver.url, ...bad });
      expect(res.status(), JSON.stringify(bad)).toBe(400);
      const body = (await res.json()) as { error: { code: string; details: { field: string }[] } };
      expect(body.error.code).toBe("validation_error");
      expect(body.error.details[0].field).toBe(Object.keys(bad)[0]);
    }
    const created = (await (await mgmt.post("/endpoints", { url: receiver.url, maxInFlight: 4, throttleRate: 20 })).json()) as { id: string; maxInFlight: number; throttleRate: number | null };
    expect(created).toMatchObject({ maxInFlight: 4, throttleRate: 20 });
    const reset = await mgmt.patch(`/endpoints/${created.id}`, { maxInFlight: null, throttleRate: null });
    expect(reset.status()).toBe(200);
    const body = (await reset.json()) as { maxInFlight: number; throttleRate: number | null; health: { state: string } };
    expect(body.throttleRate).toBeNull();
    expect(body.maxInFlight).toBeGreaterThanOrEqual(1);
    expect(body.health.state).toBe("closed");
    const bad = await mgmt.patch(`/endpoints/${created.id}`, { throttleRate: -1 });
    expect(bad.status()).toBe(400);
  } finally {
    await receiver.close();
  }
});

test("a delivery deferred by an open circuit keeps its retries", async ({ request, ws, mgmt }) => {
  test.setTimeout(90_000);
  const receiver = await startReceiver((_req, res) => void res.writeHead(500).end("down"));
  try {
    const ep = (await (await mgmt.post("/endpoints", { url: receiver.url, maxInFlight: 1 })).json()) as { id: string };
    const ingest = ingestClient(request, ws.ingestionKey);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(((await (await ingest.send(ep.id, { payload: { i } })).json()) as { deliveryId: string }).deliveryId);
    await waitUntil(async () => {
      const body = (await (await mgmt.get(`/endpoints/${ep.id}`)).json()) as { health: { state: string } };
      return body.health.state !== "closed";
    }, 60_000, "the circuit to open");
    // Deferred deliveries were not attempted: no attempt recorded, no retry used.
    const rows = await Promise.all(ids.map((id) => findDelivery(id)));
    const deferred = rows.filter((d) => d!.totalAttempts === 0 && d!.status === "pending").map((d) => d!.id);
    expect(deferred.length).toBeGreaterThan(0);
    for (const d of rows) expect(d!.attempts.length).toBe(d!.totalAttempts);
    receiver.respond((_req, res) => void res.end("ok"));
    // Once the receiver is back, a probe closes the circuit and the deferred deliveries go out.
    await waitUntil(async () => (await Promise.all(deferred.map((id) => findDelivery(id)))).every((d) => d!.status === "delivered"), 80_000, "the deferred deliveries to be delivered after recovery");
  } finally {
    await receiver.close();
  }
});
