import { db, expect, test } from "../support/fixtures";
import { createApp, createAppEndpoint, createEventType, portalCall, signIn } from "../support/portal";

test.describe("application settings shape the portal", () => {
  test("showEventTypes=false hides the catalog and makes subscriptions read-only", async ({ page, mgmt, baseURL }) => {
    const shown = await createEventType(mgmt, `ticket.opened.${Date.now()}`);
    const other = await createEventType(mgmt, `ticket.closed.${Date.now()}`);
    const app = await createApp(mgmt, { showEventTypes: false });
    const endpoint = await createAppEndpoint(mgmt, app.id, { url: "https://helpdesk.example.com/hook" });
    await mgmt.post(`/endpoints/${endpoint.id}/subscriptions`, { eventTypeIds: [shown.id] });

    await signIn(page, mgmt, app.id, "admin");
    await expect(page.getByRole("navigation", { name: "Portal" }).getByRole("link")).toHaveText(["Endpoints", "Deliveries", "Activity"]);
    expect((await page.goto("/portal/event-types"))!.status()).toBe(404);

    await page.goto(`/portal/endpoints/${endpoint.id}`);
    await expect(page.getByText("The events this endpoint receives are managed for you.")).toBeVisible();
    await expect(page.getByText(shown.name)).toBeVisible();
    await expect(page.getByText(other.name)).toHaveCount(0);
    await expect(page.getByRole("switch")).toHaveCount(0);

    await page.goto("/portal/endpoints/new");
    await expect(page.getByText("Events to receive")).toHaveCount(0);

    const call = portalCall(page, baseURL!);
    for (const res of [
      await call.put(`/portal/api/endpoints/${endpoint.id}/subscriptions/${other.id}`),
      await call.delete(`/portal/api/endpoints/${endpoint.id}/subscriptions/${shown.id}`),
      await call.post("/portal/api/endpoints", { url: "https://helpdesk.example.com/2", eventTypeIds: [other.id] }),
    ]) {
      expect(res.status()).toBe(403);
      expect((await res.json()).error.code).toBe("forbidden");
    }
    expect(await db.subscription.count({ where: { endpointId: endpoint.id } })).toBe(1);
    expect(await db.endpoint.count({ where: { applicationId: app.id } })).toBe(1);
  });

  test("maxEndpoints: a friendly notice in the UI, application_endpoint_limit_reached from the server", async ({ page, mgmt, baseURL }) => {
    const app = await createApp(mgmt, { maxEndpoints: 1 });
    await signIn(page, mgmt, app.id, "editor");
    await page.getByRole("link", { name: "Add endpoint" }).click();
    await page.getByLabel("Endpoint URL").fill("https://one.example.com/hook");
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await expect(page).toHaveURL(/\/portal\/endpoints\/ep_/);

    await page.goto("/portal");
    await expect(page.getByText("Endpoint limit reached")).toBeVisible();
    await expect(page.getByText("Your account can have up to 1 endpoint. Delete one to add another.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Add endpoint" })).toHaveCount(0);
    await page.goto("/portal/endpoints/new");
    await expect(page.getByText("Endpoint limit reached")).toBeVisible();
    await expect(page.getByRole("button", { name: "Create endpoint" })).toHaveCount(0);

    const res = await portalCall(page, baseURL!).post("/portal/api/endpoints", { url: "https://two.example.com/hook" });
    expect(res.status()).toBe(403);
    const error = (await res.json()).error;
    expect(error.code).toBe("application_endpoint_limit_reached");
    expect(error.message).toContain("limit of 1 endpoint");
    expect(await db.endpoint.count({ where: { applicationId: app.id } })).toBe(1);
  });

  test("server-side validation errors appear next to the field", async ({ page, mgmt }) => {
    const app = await createApp(mgmt);
    await signIn(page, mgmt, app.id, "editor");
    await page.goto("/portal/endpoints/new");
    // Passes the browser's checks, fails the server's (credentials are refused by the server too, but
    // the browser catches those; an unknown event type id is something only the server knows).
    await page.getByLabel("Endpoint URL").fill("ftp://files.example.com/x");
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await expect(page.getByText("The URL must start with https:// or http://")).toBeVisible();
    expect(await db.endpoint.count({ where: { applicationId: app.id } })).toBe(0);

    const res = await page.request.post("/portal/api/endpoints", {
      headers: { origin: new URL(page.url()).origin },
      data: { url: "https://user:pass@example.com/hook" },
    });
    expect(res.status()).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "validation_error", details: [{ field: "url" }] });
    const bad = await page.request.post("/portal/api/endpoints", { headers: { origin: new URL(page.url()).origin }, data: { url: 42, eventTypeIds: "x" } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.details.map((d: { field: string }) => d.field).sort()).toEqual(["eventTypeIds", "url"]);
  });
});
