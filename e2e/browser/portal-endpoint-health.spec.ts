import { db, expect, test } from "../support/fixtures";
import { createApp, createAppEndpoint, seedDelivery, signIn } from "../support/portal";

// The circuit breaker as a customer sees it, and the delivery limits an editor can set.

test.describe("portal: endpoint health and delivery limits", () => {
  test("an open circuit shows a badge and explains that deliveries wait; a closed one shows nothing", async ({ page, mgmt }) => {
    const app = await createApp(mgmt);
    const endpoint = await createAppEndpoint(mgmt, app.id, { url: "https://receiver.example.com/hooks" });
    await signIn(page, mgmt, app.id, "viewer");
    await page.goto(`/portal/endpoints/${endpoint.id}`);
    await expect(page.getByTestId("endpoint-title")).toBeVisible();
    await expect(page.getByTestId("circuit-badge")).toHaveCount(0);

    // What the worker records after failures in a row (the delivery specs drive it for real).
    const failingSince = new Date(Date.now() - 3_600_000);
    await db.endpoint.update({ where: { id: endpoint.id }, data: { consecutiveFailures: 7, failingSince, nextProbeAt: new Date(Date.now() + 600_000) } });
    await page.reload();
    await expect(page.getByTestId("circuit-badge")).toHaveText("Paused: failing");
    const notice = page.getByTestId("circuit-notice");
    await expect(notice).toContainText("Deliveries to this endpoint are paused");
    await expect(notice).toContainText("failed 7 deliveries in a row");
    await expect(notice).toContainText("does not use up their retries");
    // The disabling period comes from the configuration (NAHOOK_ENDPOINT_FAILING_DISABLE_HOURS, 120 here).
    await expect(notice).toContainText("If it keeps failing for 5 days, the endpoint is disabled.");
    // A delivery waiting behind the open circuit says why, not that it goes "in a moment".
    const waiting = await seedDelivery({ workspaceId: (await db.endpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).workspaceId, endpointId: endpoint.id, eventType: "order.created", status: "pending" });
    await page.goto(`/portal/deliveries/${waiting.id}`);
    await expect(page.getByText("Deliveries to this endpoint are paused while it keeps failing")).toBeVisible();
    await page.goto(`/portal/endpoints/${endpoint.id}`);

    // The probe time has come: half-open.
    await db.endpoint.update({ where: { id: endpoint.id }, data: { nextProbeAt: new Date(Date.now() - 1_000) } });
    await page.reload();
    await expect(page.getByTestId("circuit-badge")).toHaveText("Recovering");
    await expect(page.getByTestId("circuit-notice")).toContainText("One delivery is being tried now");
  });

  test("an editor sets and clears parallel deliveries and the rate limit; bad values are explained", async ({ page, mgmt }) => {
    const app = await createApp(mgmt);
    const endpoint = await createAppEndpoint(mgmt, app.id, { url: "https://receiver.example.com/hooks" });
    await signIn(page, mgmt, app.id, "editor");
    await page.goto(`/portal/endpoints/${endpoint.id}/edit`);
    await page.getByLabel("Parallel deliveries").fill("500");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Enter a number from 1 to 100.")).toBeVisible();
    await page.getByLabel("Parallel deliveries").fill("2");
    await page.getByLabel("Rate limit (per second)").fill("10");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page).toHaveURL(new RegExp(`/portal/endpoints/${endpoint.id}$`));
    await expect(page.getByText("10 per second")).toBeVisible();
    expect(await db.endpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ maxInFlight: 2, throttleRate: 10 });

    await page.goto(`/portal/endpoints/${endpoint.id}/edit`);
    await expect(page.getByLabel("Parallel deliveries")).toHaveValue("2");
    await page.getByLabel("Parallel deliveries").fill("");
    await page.getByLabel("Rate limit (per second)").fill("");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page).toHaveURL(new RegExp(`/portal/endpoints/${endpoint.id}$`));
    await expect(page.getByText("(default)")).toBeVisible();
    expect(await db.endpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ maxInFlight: null, throttleRate: null });
  });
});
