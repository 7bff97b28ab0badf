import { db, expect, test, type ManagementClient, type Workspace } from "../support/fixtures";
import { startReceiver } from "../support/delivery";
import { createApp, createAppEndpoint, portalCall, screenshots, seedDelivery, signIn } from "../support/portal";

const suffix = () => Math.random().toString(36).slice(2, 7);

/**
 * An application with two endpoints and a day of history (attempts with latencies, spread over
 * the last 20 hours), a dead-lettered and a delivered delivery on endpoint A, and an event type
 * with a schema and an example.
 */
async function setup(mgmt: ManagementClient, ws: Workspace, receiverUrl = "https://insight-a.example.com/hooks") {
  const typeName = `order.created.${suffix()}`;
  const created = await mgmt.post("/event-types", {
    name: typeName, description: "A customer placed an order",
    schema: {
      type: "object", required: ["orderId", "items"],
      properties: {
        orderId: { type: "string", description: "Our order id" },
        items: { type: "array", items: { type: "object", required: ["sku"], properties: { sku: { type: "string" }, price: { type: "number", description: "Unit price in cents" } } } },
        channel: { enum: ["web", "pos"] },
      },
    },
    examples: [{ orderId: "ord_123", items: [{ sku: "TSHIRT-M", price: 2500 }], channel: "web" }],
  });
  expect(created.status()).toBe(201);
  const app = await createApp(mgmt, { name: `Initech ${suffix()}` });
  const a = await createAppEndpoint(mgmt, app.id, { url: receiverUrl });
  const b = await createAppEndpoint(mgmt, app.id, { url: "https://insight-b.example.com/hooks" });
  const now = Date.now();
  for (let i = 0; i < 40; i++) {
    const ok = i % 7 !== 3;
    await seedDelivery({
      workspaceId: ws.workspaceId, endpointId: i % 3 === 0 ? b.id : a.id, eventType: i % 2 ? typeName : "invoice.paid",
      status: ok ? "delivered" : "failed",
      attempts: [{ status: ok ? "success" : "failed", code: ok ? 200 : i % 2 ? 503 : 404, ms: 30 + ((i * 37) % 400) }],
      createdAt: new Date(now - (i * 30 + 5) * 60_000),
    });
  }
  const dead = await seedDelivery({
    workspaceId: ws.workspaceId, endpointId: a.id, eventType: typeName, status: "dead_letter", payload: { orderId: "ord_dead" },
    attempts: [{ status: "failed", code: 500 }, { status: "failed", code: 500 }], createdAt: new Date(now - 60_000),
  });
  const delivered = await seedDelivery({
    workspaceId: ws.workspaceId, endpointId: a.id, eventType: typeName, status: "delivered", payload: { orderId: "ord_ok" },
    attempts: [{ status: "success", code: 200 }], createdAt: new Date(now - 30_000),
  });
  return { app, a, b, typeName, dead, delivered };
}

test.describe("portal: what happened, and getting it back", () => {
  // Each test seeds a day of history and takes desktop and phone screenshots: on a loaded
  // 2-core machine that is well over the default minute.
  test.describe.configure({ timeout: 240_000 });
  test("viewer: charts, filters in the URL and the catalog's schema; no recover or replay, and the server refuses them", async ({ page, mgmt, ws, baseURL }) => {
    const s = await setup(mgmt, ws);
    await signIn(page, mgmt, s.app.id, "viewer");

    await page.getByRole("link", { name: "Activity" }).click();
    await expect(page).toHaveURL(/\/portal\/activity$/);
    const panel = page.getByTestId("stats-panel");
    await expect(panel).toHaveAttribute("data-window", "24h");
    // 40 single attempts, the dead letter's 2 and the delivered one's 1.
    await expect(page.getByTestId("stats-summary").locator("div", { hasText: "Attempts" })).toContainText("43");
    await expect(page.getByRole("img", { name: /Delivery volume, last 24 hours/ })).toBeVisible();
    await expect(page.getByRole("img", { name: /Success rate, last 24 hours/ })).toBeVisible();
    await expect(page.getByRole("img", { name: /Attempt latency, last 24 hours/ })).toBeVisible();
    await expect(page.getByTestId("endpoint-stats")).toContainText("insight-b.example.com");
    await screenshots(page, "activity-24h");
    await page.getByRole("link", { name: "7 days" }).click();
    await expect(page).toHaveURL(/window=7d/);
    await expect(panel).toHaveAttribute("data-window", "7d");
    await expect(page.getByRole("img", { name: /Delivery volume, last 7 days/ })).toBeVisible();
    await screenshots(page, "activity-7d");

    // The endpoint's own charts; no recover for a viewer.
    await page.goto(`/portal/endpoints/${s.b.id}`);
    await expect(page.getByRole("img", { name: /Delivery volume, last 24 hours/ })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Recover failed deliveries" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Retry failed deliveries" })).toHaveCount(0);
    await screenshots(page, "endpoint-activity-viewer");

    // Filters: each one lands in the URL; reloading (or sharing) the URL shows the same view.
    await page.goto("/portal/deliveries");
    await page.getByLabel("HTTP response").selectOption("5xx");
    await expect(page).toHaveURL(/statusClass=5xx/);
    const rows = page.getByTestId("delivery-list").getByRole("link");
    await expect(rows.first()).toBeVisible();
    await expect(rows).toHaveCount(await db.delivery.count({ where: { applicationId: s.app.id, lastStatusClass: 5 } }));
    for (const row of await rows.all()) await expect(row).toContainText(/Failed|Dead letter/);
    await page.getByLabel("Event type").fill(s.typeName);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`eventType=${s.typeName.replace(/\./g, "\\.")}`));
    await expect(page).toHaveURL(/statusClass=5xx/);
    await page.reload();
    await expect(rows.first()).toBeVisible();
    await expect(page.getByLabel("HTTP response")).toHaveValue("5xx");
    await expect(page.getByLabel("Event type")).toHaveValue(s.typeName);
    for (const row of await rows.all()) await expect(row).toContainText(s.typeName);
    await screenshots(page, "deliveries-filtered");
    // Lookup by message id (the webhook-id a customer has in their logs).
    await page.goto(`/portal/deliveries?messageId=${s.delivered.messageId}`);
    await expect(rows).toHaveCount(1);
    await expect(page.getByLabel("Delivery or message ID")).toHaveValue(s.delivered.messageId);
    // A time range: nothing older than 2 hours.
    const from = new Date(Date.now() - 2 * 3_600_000).toISOString();
    await page.goto(`/portal/deliveries?from=${encodeURIComponent(from)}`);
    await expect(rows).toHaveCount(await db.delivery.count({ where: { applicationId: s.app.id, createdAt: { gte: new Date(from) } } }));
    // A mangled link still shows a page, saying what was ignored.
    await page.goto("/portal/deliveries?statusClass=9xx&eventType=%20");
    // Named by the form's labels, not the URL's parameter names.
    await expect(page.getByText("Some filters in the link were not valid")).toContainText("HTTP response");
    // So does a date PostgreSQL cannot take (year 0000): dropped, not an error page.
    await page.goto("/portal/deliveries?to=0000-01-01T00:00:00Z");
    await expect(page.getByText("Some filters in the link were not valid")).toBeVisible();
    await expect(page.getByText("Something went wrong")).toHaveCount(0);

    // No replay for a viewer, and the server refuses it as well as a recover.
    await page.goto(`/portal/deliveries/${s.delivered.id}`);
    await expect(page.getByRole("button", { name: "Replay event" })).toHaveCount(0);
    const call = portalCall(page, baseURL!);
    const recover = await call.post(`/portal/api/endpoints/${s.a.id}/recover`, { since: new Date(Date.now() - 3_600_000).toISOString() });
    expect(recover.status()).toBe(403);
    expect((await recover.json()).error.code).toBe("forbidden");
    const replay = await call.post(`/portal/api/deliveries/${s.delivered.id}/replay`);
    expect(replay.status()).toBe(403);
    expect(await db.recoverJob.count({ where: { endpointId: s.a.id } })).toBe(0);
    expect((await db.delivery.findUniqueOrThrow({ where: { id: s.delivered.id } })).status).toBe("delivered");

    // The catalog: description, the schema as a field list, the example with a copy button.
    await page.goto("/portal/event-types");
    const entry = page.getByTestId(`event-type-${s.typeName}`);
    await expect(entry).toContainText("A customer placed an order");
    const fields = entry.getByTestId("schema-fields");
    await expect(fields).toContainText("orderId");
    await expect(fields).toContainText("items[].price");
    await expect(fields).toContainText("Unit price in cents");
    await expect(fields).toContainText('one of "web", "pos"');
    await expect(entry.getByTestId("example-payload")).toContainText('"sku": "TSHIRT-M"');
    await expect(entry.getByRole("button", { name: `Copy the example payload of ${s.typeName}` })).toBeVisible();
    await screenshots(page, "event-catalog-schema");
  });

  test("editor: recovers failed deliveries with visible progress, replays a delivered one", async ({ page, mgmt, ws, context }) => {
    const receiver = await startReceiver();
    try {
      const s = await setup(mgmt, ws, receiver.url);
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      await signIn(page, mgmt, s.app.id, "editor");

      // An endpoint without history has an empty state instead of charts.
      const fresh = await createAppEndpoint(mgmt, s.app.id, { url: "https://insight-empty.example.com/hooks" });
      await page.goto(`/portal/endpoints/${fresh.id}`);
      await expect(page.getByRole("heading", { name: "No delivery attempts in the last 24 hours" })).toBeVisible();

      await page.goto(`/portal/endpoints/${s.a.id}`);
      await expect(page.getByRole("heading", { name: "Recover failed deliveries" })).toBeVisible();
      const failedOnA = await db.delivery.count({ where: { endpointId: s.a.id, status: { in: ["failed", "dead_letter"] } } });
      expect(failedOnA).toBeGreaterThan(1);
      await page.getByRole("button", { name: "24 hours ago" }).click();
      await page.getByRole("button", { name: "Retry failed deliveries" }).click();
      const job = page.getByTestId("recover-job");
      await expect(job).toHaveAttribute("data-status", "completed", { timeout: 20_000 });
      await expect(job).toContainText(`${failedOnA} / ${failedOnA}`);
      await expect(job).toContainText(`${failedOnA} re-sent`);
      await receiver.waitForRequests(failedOnA, 20_000);
      await screenshots(page, "endpoint-recovered");
      const webhookIds = receiver.requests.map((r) => r.headers["webhook-id"]);
      expect(new Set(webhookIds).size).toBe(webhookIds.length);
      expect(webhookIds).toContain(s.dead.messageId);

      // Replay a delivered event: one more request, the same webhook-id.
      await page.goto(`/portal/deliveries/${s.delivered.id}`);
      const before = receiver.requests.length;
      await page.getByRole("button", { name: "Replay event" }).click();
      await expect(page.getByText("Replay queued")).toBeVisible();
      await receiver.waitForRequests(before + 1, 20_000);
      expect(receiver.requests.at(-1)?.headers["webhook-id"]).toBe(s.delivered.messageId);
      expect(JSON.parse(receiver.requests.at(-1)!.body)).toEqual({ orderId: "ord_ok" });
    } finally {
      await receiver.close();
    }
  });

  test("admin: sees recover and replay too", async ({ page, mgmt, ws }) => {
    const s = await setup(mgmt, ws);
    await signIn(page, mgmt, s.app.id, "admin");
    await page.goto(`/portal/endpoints/${s.a.id}`);
    await expect(page.getByRole("button", { name: "Retry failed deliveries" })).toBeVisible();
    await page.goto(`/portal/deliveries/${s.delivered.id}`);
    await expect(page.getByRole("button", { name: "Replay event" })).toBeVisible();

    // Paused endpoint: the action is offered but disabled, saying why (the server refuses it too).
    expect((await mgmt.patch(`/endpoints/${s.a.id}`, { isActive: false })).status()).toBe(200);
    await page.reload();
    const replay = page.getByRole("button", { name: "Replay event" });
    await expect(replay).toBeDisabled();
    await expect(replay).toHaveAccessibleDescription("Enable the endpoint first");
  });
});
