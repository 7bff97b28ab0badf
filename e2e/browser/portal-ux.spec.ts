import { db, expect, test } from "../support/fixtures";
import { createApp, createAppEndpoint, createEventType, screenshots, seedDelivery, signIn } from "../support/portal";

// Findings of a review of the portal as customers meet it: each test reproduces one.

test("on a phone, a long event name does not widen the form; an empty selection is explained", async ({ page, mgmt }) => {
  await createEventType(mgmt, "billing.subscription_invoice_payment_succeeded_for_enterprise_customers_with_custom_terms");
  const app = await createApp(mgmt);
  await signIn(page, mgmt, app.id, "admin");
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto("/portal/endpoints/new");
  await expect(page.getByRole("heading", { name: "Add endpoint" })).toBeVisible();
  // The page scrolled sideways (546 px on a 375 px screen) and taps missed the submit button.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  // Every tab fits: the fourth one ("Activity") used to show as "Ac" at the edge.
  const nav = page.getByRole("navigation", { name: "Portal" });
  expect(await nav.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  await expect(nav.getByRole("link", { name: "Catalog" })).toBeVisible();
  await expect(page.getByTestId("no-events-hint")).toBeVisible();
  await page.getByRole("checkbox").first().check();
  await expect(page.getByTestId("no-events-hint")).toHaveCount(0);
  await screenshots(page, "new-endpoint-long-name");
});

test("a delivery waiting on a paused endpoint says when it goes; recover says what it leaves to the schedule", async ({ page, mgmt, ws }) => {
  const type = await createEventType(mgmt, `ux.waiting${Math.random().toString(36).slice(2, 6)}`);
  const app = await createApp(mgmt);
  const endpoint = await createAppEndpoint(mgmt, app.id, { url: "https://paused.example.com/hook" });
  // The circuit is open (five failures in a row) and probes again in ten minutes.
  const probeAt = new Date(Date.now() + 10 * 60_000);
  await db.endpoint.update({ where: { id: endpoint.id }, data: { consecutiveFailures: 5, failingSince: new Date(Date.now() - 3_600_000), nextProbeAt: probeAt } });
  const delivery = await seedDelivery({ workspaceId: ws.workspaceId, endpointId: endpoint.id, eventType: type.name, status: "scheduled_retry", attempts: [{ status: "failed", code: 503 }] });
  // Its own time went by long ago: the endpoint, not the delivery, decides now.
  await db.delivery.update({ where: { id: delivery.id }, data: { nextAttemptAt: new Date(Date.now() - 10 * 60_000) } });

  await signIn(page, mgmt, app.id, "admin");
  await page.goto(`/portal/deliveries/${delivery.id}`);
  await expect(page.getByText(/When the endpoint recovers \(next try /)).toBeVisible();
  // The tab says which page, of which application.
  await expect(page).toHaveTitle(`Delivery · ${app.name} · Nahook`);
  await page.goto(`/portal/endpoints/${endpoint.id}`);
  await expect(page.getByTestId("recover-waiting")).toHaveText(/^1 delivery is still waiting for an automatic retry\./);
  await screenshots(page, "recover-waiting");
});

test("arrow keys in a filter select do not reload the list; leaving the select applies it", async ({ page, mgmt }) => {
  const app = await createApp(mgmt);
  await signIn(page, mgmt, app.id, "viewer");
  await page.goto("/portal/deliveries");
  const status = page.getByLabel("Status");
  await status.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  // Give a navigation every chance to start: none may.
  await page.waitForTimeout(500);
  await expect(page).toHaveURL(/\/portal\/deliveries$/);
  await page.keyboard.press("Tab");
  await expect(page).toHaveURL(/\/portal\/deliveries\?status=/);
  // A pick with the pointer still applies at once.
  await page.getByLabel("Status").selectOption("failed");
  await expect(page).toHaveURL(/status=failed/);
});

test("the session-ended page sends a live session back; state pages have a page heading", async ({ page, mgmt }) => {
  const app = await createApp(mgmt);
  await signIn(page, mgmt, app.id, "viewer");
  await page.goto("/portal/ended");
  await expect(page).toHaveURL(/\/portal$/);
  await page.goto("/portal/not-allowed?scope=endpoints:write");
  await expect(page.getByRole("heading", { level: 1, name: "Your access doesn't include this" })).toBeVisible();
  await page.goto("/portal/endpoints/ep_does_not_exist");
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
});

test("the header on a phone: a long application name wraps rather than being cut, a logo that fails to load gives way to the initial", async ({ page, mgmt }) => {
  const logoUrl = "https://cdn.broken-logo.example/logo.png";
  const app = await createApp(mgmt, { name: "Northwind Traders" });
  expect((await mgmt.patch(`/applications/${app.id}/portal-settings`, { branding: { logoUrl, displayName: "Northwind" } })).status()).toBe(200);
  // The operator's file is gone.
  await page.route(logoUrl, (route) => route.fulfill({ status: 404, body: "" }));
  await page.setViewportSize({ width: 375, height: 812 });
  await signIn(page, mgmt, app.id, "admin");

  const name = page.getByTestId("application-name");
  await expect(name).toHaveText(app.name);
  // All of it shows (on two lines): nothing is clipped across or down. One line cut it to "Northwind…".
  expect(await name.evaluate((el) => ({ across: el.scrollWidth - el.clientWidth, down: el.scrollHeight - el.clientHeight }))).toEqual({ across: 0, down: 0 });
  expect(await name.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(20);
  await expect(name).toHaveAttribute("title", app.name);
  // No empty gap where the logo failed: the brand's initial stands in.
  await expect(page.getByTestId("brand-logo")).toHaveCount(0);
  await expect(page.getByTestId("brand-initial")).toHaveText("N");
  await screenshots(page, "header-phone-broken-logo");
});
