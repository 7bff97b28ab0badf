import { expect, expectError, test } from "../support/fixtures";
import { ingestClient, startReceiver, waitUntil } from "../support/delivery";
import { createApp, createAppEndpoint, createEventType, seedDelivery } from "../support/portal";
import { deliveryStats, deliveryStatsByEndpoint } from "@/lib/stats/stats";

interface Page { deliveries: { id: string; messageId: string; eventType: string; status: string; lastStatusCode: number | null; createdAt: string }[]; nextCursor: string | null }

test.describe("D1 history filters (extension)", () => {
  test("event type, status, HTTP status class, time range, delivery and message id; cursors bound to filters", async ({ mgmt, ws }) => {
    const app = await createApp(mgmt);
    const ep = await createAppEndpoint(mgmt, app.id, { url: "https://filters.example.com/hook" });
    const now = Date.now();
    const seeded: Awaited<ReturnType<typeof seedDelivery>>[] = [];
    // 12 deliveries one minute apart (index 0 newest): alternating types; statuses and codes vary.
    for (let i = 0; i < 12; i++) {
      const kind = i % 4;
      seeded.push(await seedDelivery({
        workspaceId: ws.workspaceId, endpointId: ep.id, eventType: i % 2 === 0 ? "order.created" : "order.paid",
        status: kind === 0 ? "delivered" : kind === 1 ? "failed" : kind === 2 ? "dead_letter" : "pending",
        attempts: kind === 0 ? [{ status: "success", code: 200 }] : kind === 1 ? [{ status: "failed", code: 503 }] : kind === 2 ? [{ status: "failed", code: 404 }] : [],
        createdAt: new Date(now - i * 60_000),
      }));
    }
    const list = async (query: string) => {
      const res = await mgmt.get(`/endpoints/${ep.id}/deliveries?${query}`);
      expect(res.status(), query).toBe(200);
      return (await res.json()) as Page;
    };
    const ids = (page: Page) => page.deliveries.map((d) => d.id);
    const expected = (pick: (i: number) => boolean) => seeded.map((d, i) => (pick(i) ? d.id : null)).filter(Boolean);

    expect(ids(await list("eventType=order.paid"))).toEqual(expected((i) => i % 2 === 1));
    expect(ids(await list("status=failed"))).toEqual(expected((i) => i % 4 === 1));
    expect(ids(await list("statusClass=5xx"))).toEqual(expected((i) => i % 4 === 1));
    expect(ids(await list("statusClass=4xx"))).toEqual(expected((i) => i % 4 === 2));
    expect(ids(await list("statusClass=2xx"))).toEqual(expected((i) => i % 4 === 0));
    expect(ids(await list("statusClass=none"))).toEqual(expected((i) => i % 4 === 3));
    expect((await list("statusClass=5xx")).deliveries[0].lastStatusCode).toBe(503);
    // Combined: order.created (even) and 4xx (i % 4 == 2).
    expect(ids(await list("eventType=order.created&statusClass=4xx"))).toEqual(expected((i) => i % 4 === 2));
    // Time range, inclusive on both ends: minutes 3..6 ago.
    const from = new Date(now - 6 * 60_000).toISOString();
    const to = new Date(now - 3 * 60_000).toISOString();
    expect(ids(await list(`from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`))).toEqual(expected((i) => i >= 3 && i <= 6));
    // Lookup by id.
    expect(ids(await list(`deliveryId=${seeded[5].id}`))).toEqual([seeded[5].id]);
    expect(ids(await list(`messageId=${seeded[7].messageId}`))).toEqual([seeded[7].id]);
    expect(ids(await list(`deliveryId=${seeded[5].id}&status=delivered`))).toEqual([]);

    // Paging a filtered list: the cursor carries on with the same filters…
    const first = await list("eventType=order.created&limit=2");
    expect(ids(first)).toEqual(expected((i) => i % 2 === 0).slice(0, 2));
    const second = await list(`eventType=order.created&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(ids(second)).toEqual(expected((i) => i % 2 === 0).slice(2, 4));
    // …and is refused with other filters.
    await expectError(await mgmt.get(`/endpoints/${ep.id}/deliveries?eventType=order.paid&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`), 400, "invalid_cursor");

    // Invalid filters are 400s naming the field.
    for (const [query, field] of [
      ["statusClass=6xx", "statusClass"], ["eventType=bad%20name", "eventType"], ["from=yesterday", "from"], ["to=2026-01-01", "to"],
      [`from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`, "from"], ["deliveryId=a%2Fb", "deliveryId"], ["messageId=", "messageId"],
    ] as const) {
      const error = await expectError(await mgmt.get(`/endpoints/${ep.id}/deliveries?${query}`), 400, "validation_error");
      expect(error.message, query).toContain(field);
    }
  });

  test("events sent through the ingestion API are found by their event type", async ({ mgmt, ws, request }) => {
    // The filter reads the delivery's own copy of the event type: every write path must set it
    // (single triggers go through the group committer, batches through one statement).
    const receiver = await startReceiver();
    try {
      const app = await createApp(mgmt);
      const ep = await createAppEndpoint(mgmt, app.id, { url: receiver.url });
      const created = await createEventType(mgmt, "shop.order.created");
      const paid = await createEventType(mgmt, "shop.order.paid");
      expect((await mgmt.post(`/endpoints/${ep.id}/subscriptions`, { eventTypeIds: [created.id, paid.id] })).status()).toBeLessThan(300);
      const ingest = ingestClient(request, ws.ingestionKey);
      const single = await ingest.trigger("shop.order.created", { payload: { n: 1 } });
      expect(single.status()).toBe(202);
      const batch = await ingest.triggerBatch({ items: [
        { eventType: "shop.order.paid", payload: { n: 2 } },
        { eventType: "shop.order.created", payload: { n: 3 } },
        { eventType: "shop.order.paid", payload: { n: 4 } },
      ] });
      expect(batch.status()).toBe(202);
      await receiver.waitForRequests(4);

      const list = async (query: string) => {
        const res = await mgmt.get(`/endpoints/${ep.id}/deliveries?${query}`);
        expect(res.status(), query).toBe(200);
        return ((await res.json()) as Page).deliveries;
      };
      await waitUntil(async () => (await list("status=delivered")).length === 4, 15_000, "four delivered");
      const byType = async (type: string) => (await list(`eventType=${type}`)).map((d) => d.eventType).sort();
      expect(await byType("shop.order.created")).toEqual(["shop.order.created", "shop.order.created"]);
      expect(await byType("shop.order.paid")).toEqual(["shop.order.paid", "shop.order.paid"]);
      expect(await list("eventType=shop.order.created&status=delivered")).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  test("statistics from the hourly rollup: volume, success rate, latency percentiles per endpoint and application", async ({ mgmt, ws }) => {
    const app = await createApp(mgmt);
    const a = await createAppEndpoint(mgmt, app.id, { url: "https://stats-a.example.com/hook" });
    const b = await createAppEndpoint(mgmt, app.id, { url: "https://stats-b.example.com/hook" });
    const empty = await deliveryStats({ workspaceId: ws.workspaceId, applicationId: app.id, window: "24h" });
    expect(empty.totals).toMatchObject({ attempts: 0, successRate: null, p50Ms: null, p95Ms: null });
    expect(empty.bins).toHaveLength(24);

    const now = Date.now();
    // Endpoint A: 10 successes at 40 ms; endpoint B: 2 failures at 900 ms, 3 days ago (only in 7d).
    for (let i = 0; i < 10; i++) {
      await seedDelivery({ workspaceId: ws.workspaceId, endpointId: a.id, eventType: "s.ok", status: "delivered", attempts: [{ status: "success", code: 200, ms: 40 }], createdAt: new Date(now - i * 60_000) });
    }
    for (let i = 0; i < 2; i++) {
      await seedDelivery({ workspaceId: ws.workspaceId, endpointId: b.id, eventType: "s.fail", status: "failed", attempts: [{ status: "failed", code: 500, ms: 900 }], createdAt: new Date(now - 3 * 86_400_000) });
    }
    const day = await deliveryStats({ workspaceId: ws.workspaceId, applicationId: app.id, window: "24h" });
    expect(day.totals).toMatchObject({ attempts: 10, succeeded: 10, failed: 0, successRate: 1 });
    expect(day.totals.p50Ms).toBeGreaterThanOrEqual(25);
    expect(day.totals.p50Ms).toBeLessThanOrEqual(50);
    const week = await deliveryStats({ workspaceId: ws.workspaceId, applicationId: app.id, window: "7d" });
    expect(week.bins).toHaveLength(42);
    expect(week.totals).toMatchObject({ attempts: 12, succeeded: 10, failed: 2 });
    expect(week.totals.successRate).toBeCloseTo(10 / 12, 5);
    expect(week.totals.p95Ms).toBeGreaterThanOrEqual(750);
    expect(week.totals.p95Ms).toBeLessThanOrEqual(1000);
    const onlyB = await deliveryStats({ workspaceId: ws.workspaceId, applicationId: app.id, endpointId: b.id, window: "7d" });
    expect(onlyB.totals).toMatchObject({ attempts: 2, failed: 2, successRate: 0 });
    const perEndpoint = await deliveryStatsByEndpoint({ workspaceId: ws.workspaceId, applicationId: app.id, window: "7d" });
    expect(perEndpoint.get(a.id)?.attempts).toBe(10);
    expect(perEndpoint.get(b.id)?.attempts).toBe(2);
    // Another workspace sees nothing of it.
    const foreign = await deliveryStats({ workspaceId: "ws_other", applicationId: app.id, window: "7d" });
    expect(foreign.totals.attempts).toBe(0);
  });
});
