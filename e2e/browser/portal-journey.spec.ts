import { db, expect, plainCredentials, test } from "../support/fixtures";
import { Webhook } from "standardwebhooks";
import { createApp, createEventType, screenshots, signIn, startReceiver } from "../support/portal";

test("operator mints a link; the customer adds an endpoint, subscribes it, and sees the delivery", async ({ page, mgmt, ws, request }) => {
  // A long journey with six pairs of full-page screenshots: on a loaded 2-core machine it can take a minute.
  test.setTimeout(180_000);
  const receiver = await startReceiver(200, "thanks");
  // Hydration mismatches and client exceptions surface as console errors.
  const browserErrors: string[] = [];
  page.on("pageerror", (error) => browserErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") browserErrors.push(`${message.text()} ${message.location().url}`);
  });
  try {
    const created = await createEventType(mgmt, "order.created", "An order was placed");
    await createEventType(mgmt, "order.shipped", "An order left the warehouse");
    const app = await createApp(mgmt, { name: "Acme Corp" });
    await signIn(page, mgmt, app.id, "editor", { userId: "usr_456", email: "jane@example.com" });

    await expect(page.getByTestId("application-name")).toHaveText("Acme Corp");
    await expect(page.getByTestId("role-badge")).toHaveText("Editor");
    await expect(page.getByRole("heading", { name: "No endpoints yet" })).toBeVisible();
    await screenshots(page, "endpoints-empty");

    await page.getByRole("link", { name: "Add endpoint" }).click();
    await expect(page.getByRole("heading", { name: "Add endpoint" })).toBeVisible();
    const url = page.getByLabel("Endpoint URL");
    await url.fill("not a url");
    await url.blur();
    await expect(page.getByText("Enter a full URL, such as https://api.example.com/webhooks")).toBeVisible();
    await expect(url).toHaveAttribute("aria-invalid", "true");
    await url.fill(`${receiver.url}/hooks`);
    await expect(page.getByText("Enter a full URL, such as https://api.example.com/webhooks")).toHaveCount(0);
    await page.getByLabel("Description").fill("Order sync");
    await page.getByRole("checkbox", { name: /order\.created/ }).check();
    await screenshots(page, "endpoint-new");
    await page.getByRole("button", { name: "Create endpoint" }).click();

    await expect(page).toHaveURL(/\/portal\/endpoints\/ep_/);
    await expect(page.getByText("Endpoint created")).toBeVisible();
    await expect(page.getByTestId("endpoint-title")).toHaveText(`${receiver.url}/hooks`);
    await expect(page.getByRole("switch", { name: "Receive order.created" })).toHaveAttribute("aria-checked", "true");
    await expect(page.getByRole("switch", { name: "Receive order.shipped" })).toHaveAttribute("aria-checked", "false");

    const endpointId = page.url().split("/").pop()!;
    const endpoint = plainCredentials(await db.endpoint.findUniqueOrThrow({ where: { id: endpointId }, include: { subscriptions: true } }));
    expect(endpoint).toMatchObject({ applicationId: app.id, workspaceId: ws.workspaceId, description: "Order sync", metadata: { userId: "usr_456", email: "jane@example.com" } });
    expect(endpoint.subscriptions.map((s) => s.eventTypeId)).toEqual([created.id]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { workspaceId: ws.workspaceId, action: "endpoint.created", resourceId: endpointId } });
    expect(audit).toMatchObject({ actorType: "portal_session", actorLabel: "jane@example.com" });

    // The operator produces the event through the Ingestion API; the worker delivers it to the receiver.
    const ingest = await request.post("/api/ingest/event/order.created", {
      headers: { authorization: `Bearer ${ws.ingestionKey}` },
      data: { payload: { orderId: "ord_1", total: 4200 } },
    });
    expect(ingest.status()).toBe(202);
    const { deliveryIds } = await ingest.json();
    expect(deliveryIds).toHaveLength(1);
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
    expect(receiver.received[0].path).toBe("/hooks");
    expect(JSON.parse(receiver.received[0].body)).toEqual({ orderId: "ord_1", total: 4200 });
    // The portal's signing secret verifies what the receiver got (Standard Webhooks).
    await page.getByRole("button", { name: "Reveal" }).click();
    await expect(page.getByTestId("signing-secret")).toHaveText(endpoint.secret);
    new Webhook(endpoint.secret).verify(receiver.received[0].body, receiver.received[0].headers as Record<string, string>);
    await expect.poll(async () => (await db.delivery.findUniqueOrThrow({ where: { id: deliveryIds[0] } })).status).toBe("delivered");

    await page.getByRole("link", { name: "Deliveries", exact: true }).click();
    const row = page.getByTestId("delivery-list").getByRole("link").first();
    await expect(row).toContainText("order.created");
    await expect(row).toContainText("Delivered");
    await screenshots(page, "deliveries");
    await row.click();
    await expect(page.getByTestId("attempt")).toHaveCount(1);
    await expect(page.getByTestId("attempt")).toContainText("HTTP 200");
    await expect(page.getByTestId("attempt")).toContainText(`POST ${receiver.url}/hooks`);
    await page.getByText("Response body").click();
    await expect(page.getByTestId("response-body")).toHaveText("thanks");
    await expect(page.getByTestId("payload")).toContainText('"orderId": "ord_1"');
    await screenshots(page, "delivery-detail");

    await page.goto(`/portal/endpoints/${endpointId}`);
    await screenshots(page, "endpoint-detail");
    await page.goto("/portal");
    await expect(page.getByTestId("endpoint-list")).toContainText("1 event type");
    await screenshots(page, "endpoints");
    await page.goto("/portal/event-types");
    await expect(page.getByTestId("event-catalog")).toContainText("order.shipped");
    await screenshots(page, "event-catalog");
    expect(browserErrors).toEqual([]);
  } finally {
    await receiver.close();
  }
});

test("subscription switches follow the server: a change made elsewhere shows after the next refresh", async ({ page, mgmt }) => {
  const created = await createEventType(mgmt, "order.created");
  await createEventType(mgmt, "order.shipped");
  const app = await createApp(mgmt, { name: "Switches" });
  const endpoint = await (await mgmt.post(`/applications/${app.id}/endpoints`, { url: "https://switches.example.com/hook" })).json();
  expect((await mgmt.post(`/endpoints/${endpoint.id}/subscriptions`, { eventTypeIds: [created.id] })).status()).toBeLessThan(300);
  await signIn(page, mgmt, app.id, "editor");
  await page.goto(`/portal/endpoints/${endpoint.id}`);
  const createdSwitch = page.getByRole("switch", { name: "Receive order.created" });
  await expect(createdSwitch).toHaveAttribute("aria-checked", "true");

  // The operator unsubscribes it through the API while the page is open; the customer then
  // flips another switch, which refreshes the page's data.
  expect((await mgmt.delete(`/endpoints/${endpoint.id}/subscriptions/${created.id}`)).status()).toBe(204);
  await page.getByRole("switch", { name: "Receive order.shipped" }).click();
  await expect(page.getByText("Subscribed to order.shipped")).toBeVisible();
  await expect(page.getByRole("switch", { name: "Receive order.shipped" })).toHaveAttribute("aria-checked", "true");
  await expect(createdSwitch).toHaveAttribute("aria-checked", "false");
});
