import { db, expect, test } from "../support/fixtures";
import { createEnvironment, createEventType, ingestClient, startReceiver, subscribe, waitUntil } from "../support/delivery";
import { queuePool } from "@/lib/db/pg";
import { sweepVanishedEndpoints } from "@/lib/delivery/history-delete";
import { newId } from "@/lib/ids";

// Messages and deliveries carry no foreign key to their endpoint, environment or event type
// (those key checks locked a few hot rows on every ingested event). Deleting the parent through
// the API must still take its history with it — and only its own.

async function historyOf(endpointId: string) {
  const deliveries = await db.delivery.findMany({ where: { endpointId }, select: { id: true, messageId: true } });
  const attempts = await db.attempt.count({ where: { deliveryId: { in: deliveries.map((d) => d.id) } } });
  // The hourly statistics an application's activity totals add up.
  const statsAttempts = (await db.deliveryStatsHourly.aggregate({ where: { endpointId }, _sum: { attempts: true } }))._sum.attempts ?? 0;
  return { deliveries: deliveries.length, attempts, statsAttempts, messageIds: deliveries.map((d) => d.messageId) };
}

/** An hour of statistics for an endpoint whose attempts the spec does not wait for. */
function seedStats(endpointId: string, workspaceId: string, applicationId: string | null = null) {
  const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  return db.deliveryStatsHourly.upsert({
    where: { endpointId_hour: { endpointId, hour } },
    create: { endpointId, workspaceId, applicationId, hour, attempts: 4, succeeded: 1, latencyBuckets: [] },
    update: { attempts: { increment: 4 } },
  });
}

test.describe("deleting what history hangs from", () => {
  test("an endpoint takes its deliveries and attempts along; its neighbour keeps its own", async ({ mgmt, ws, request }) => {
    const receiver = await startReceiver();
    try {
      const gone = await (await mgmt.post("/endpoints", { url: `${receiver.url}/gone` })).json();
      const kept = await (await mgmt.post("/endpoints", { url: `${receiver.url}/kept` })).json();
      const ingest = ingestClient(request, ws.ingestionKey);
      for (const ep of [gone, kept]) for (let i = 0; i < 3; i++) expect((await ingest.send(ep.id, { payload: { i } })).status()).toBe(202);
      await waitUntil(async () => (await historyOf(gone.id)).attempts === 3 && (await historyOf(kept.id)).attempts === 3, 20_000, "both endpoints' attempts");
      expect(await historyOf(gone.id)).toMatchObject({ statsAttempts: 3 });
      const goneMessages = (await historyOf(gone.id)).messageIds;

      expect((await mgmt.delete(`/endpoints/${gone.id}`)).status()).toBe(204);
      expect(await historyOf(gone.id)).toMatchObject({ deliveries: 0, attempts: 0, statsAttempts: 0 });
      // Its messages go too: with no delivery left, the retention purge could never find them.
      expect(await db.message.count({ where: { id: { in: goneMessages } } })).toBe(0);
      expect(await historyOf(kept.id)).toMatchObject({ deliveries: 3, attempts: 3, statsAttempts: 3 });
      // A send to the deleted endpoint is a 404 again, and writes nothing.
      expect((await ingest.send(gone.id, { payload: { late: true } })).status()).toBe(404);
      expect((await historyOf(gone.id)).deliveries).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  test("an application takes the history of all its endpoints along", async ({ mgmt, ws, request }) => {
    const app = await (await mgmt.post("/applications", { name: "Short-lived" })).json();
    const other = await (await mgmt.post("/applications", { name: "Long-lived" })).json();
    const inApp = await (await mgmt.post(`/applications/${app.id}/endpoints`, { url: "https://app-gone.example.com/hook" })).json();
    const inOther = await (await mgmt.post(`/applications/${other.id}/endpoints`, { url: "https://app-kept.example.com/hook" })).json();
    const ingest = ingestClient(request, ws.ingestionKey);
    for (const ep of [inApp, inOther]) expect((await ingest.send(ep.id, { payload: { hello: ep.id } })).status()).toBe(202);
    expect((await historyOf(inApp.id)).deliveries).toBe(1);
    await seedStats(inApp.id, ws.workspaceId, app.id);
    await seedStats(inOther.id, ws.workspaceId, other.id);

    expect((await mgmt.delete(`/applications/${app.id}`)).status()).toBe(204);
    expect(await historyOf(inApp.id)).toMatchObject({ deliveries: 0, statsAttempts: 0 });
    expect(await db.endpoint.count({ where: { id: inApp.id } })).toBe(0);
    expect((await historyOf(inOther.id)).deliveries).toBe(1);
    expect((await historyOf(inOther.id)).statsAttempts).toBeGreaterThanOrEqual(4);
  });

  test("an environment takes its messages and deliveries along; the default environment keeps its own", async ({ mgmt, ws, request }) => {
    const staging = await createEnvironment(ws, "Doomed");
    const type = await createEventType(ws, `history.delete.${Math.random().toString(36).slice(2, 8)}`);
    const inStaging = await (await mgmt.post("/endpoints", { url: "https://env-gone.example.com/hook", environmentId: staging.environmentId })).json();
    const inDefault = await (await mgmt.post("/endpoints", { url: "https://env-kept.example.com/hook" })).json();
    await subscribe(inStaging.id, type.id);
    await subscribe(inDefault.id, type.id);
    expect((await ingestClient(request, staging.ingestionKey).trigger(type.name, { payload: { env: "staging" } })).status()).toBe(202);
    expect((await ingestClient(request, ws.ingestionKey).trigger(type.name, { payload: { env: "default" } })).status()).toBe(202);
    const stagingMessages = (await historyOf(inStaging.id)).messageIds;
    expect(stagingMessages).toHaveLength(1);
    await seedStats(inStaging.id, ws.workspaceId);
    await seedStats(inDefault.id, ws.workspaceId);

    expect((await mgmt.delete(`/environments/${staging.environmentId}`)).status()).toBe(204);
    expect(await db.message.count({ where: { environmentId: staging.environmentId } })).toBe(0);
    expect(await historyOf(inStaging.id)).toMatchObject({ deliveries: 0, statsAttempts: 0 });
    expect((await historyOf(inDefault.id)).deliveries).toBe(1);
    expect((await historyOf(inDefault.id)).statsAttempts).toBeGreaterThanOrEqual(4);

    // A message fanned out to two endpoints stays while one of them still has its delivery.
    const twin = await (await mgmt.post("/endpoints", { url: "https://env-twin.example.com/hook" })).json();
    await subscribe(twin.id, type.id);
    expect((await ingestClient(request, ws.ingestionKey).trigger(type.name, { payload: { env: "both" } })).status()).toBe(202);
    const [shared] = (await historyOf(twin.id)).messageIds;
    expect((await mgmt.delete(`/endpoints/${twin.id}`)).status()).toBe(204);
    expect(await db.message.count({ where: { id: shared } })).toBe(1);
    expect(await db.delivery.count({ where: { messageId: shared } })).toBe(1);

    // Deleting the event type keeps the history that was sent under it.
    expect((await mgmt.delete(`/event-types/${type.id}`)).status()).toBe(204);
    expect((await historyOf(inDefault.id)).deliveries).toBe(2);
    expect(await db.message.count({ where: { id: { in: (await historyOf(inDefault.id)).messageIds }, eventType: type.name } })).toBe(2);
  });

  test("an event that lands after its endpoint's deletion is swept, not left waiting for a week", async ({ mgmt, ws }) => {
    // What an ingest racing a deletion leaves behind (no foreign key stops it): waiting deliveries
    // of an endpoint id that no longer exists, one of them fanned out with a live endpoint.
    const live = await (await mgmt.post("/endpoints", { url: "https://sweep-live.example.com/hook" })).json();
    const vanished = newId("ep");
    const message = (payload: string) =>
      db.message.create({ data: { id: newId("msg"), workspaceId: ws.workspaceId, environmentId: ws.environmentId, payload, payloadSize: payload.length } });
    // The live endpoint's delivery waits an hour, so the running worker leaves it alone meanwhile.
    const delivery = (messageId: string, endpointId: string, nextAttemptAt = new Date()) =>
      db.delivery.create({
        data: { id: newId("del"), workspaceId: ws.workspaceId, environmentId: ws.environmentId, endpointId, messageId, idempotencyKey: newId("idem"), nextAttemptAt },
      });
    const alone = await message('{"late":1}');
    const shared = await message('{"late":2}');
    await delivery(alone.id, vanished);
    await delivery(shared.id, vanished);
    const kept = await delivery(shared.id, live.id, new Date(Date.now() + 3_600_000));

    await sweepVanishedEndpoints(queuePool());
    expect(await db.delivery.count({ where: { endpointId: vanished } })).toBe(0);
    expect(await db.message.count({ where: { id: alone.id } })).toBe(0);
    expect(await db.message.count({ where: { id: shared.id } })).toBe(1);
    expect(await db.delivery.count({ where: { id: kept.id } })).toBe(1);
    // Nothing of an existing endpoint is touched, waiting or not.
    await sweepVanishedEndpoints(queuePool());
    expect(await db.delivery.findUniqueOrThrow({ where: { id: kept.id } })).toMatchObject({ endpointId: live.id, status: "pending" });
  });
});
