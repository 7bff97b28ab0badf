import type { Page } from "@playwright/test";
import { db, expect, plainCredentials, test, type ManagementClient, type Workspace } from "../support/fixtures";
import { createApp, createAppEndpoint, createEventType, portalCall, screenshots, seedDelivery, signIn, type Role } from "../support/portal";
import { ROLE_SCOPES } from "@/lib/portal/permissions";

/** An application with one endpoint (made by the operator), two event types and one failed delivery. */
async function setup(mgmt: ManagementClient, ws: Workspace) {
  const subscribed = await createEventType(mgmt, `invoice.paid.${Math.random().toString(36).slice(2, 6)}`, "An invoice was paid");
  const other = await createEventType(mgmt, `invoice.voided.${Math.random().toString(36).slice(2, 6)}`);
  const app = await createApp(mgmt, { name: "Globex" });
  const endpoint = await createAppEndpoint(mgmt, app.id, { url: "https://receiver.example.com/hooks", description: "Billing" });
  expect((await mgmt.post(`/endpoints/${endpoint.id}/subscriptions`, { eventTypeIds: [subscribed.id] })).status()).toBe(201);
  const failed = await seedDelivery({
    workspaceId: ws.workspaceId, endpointId: endpoint.id, eventType: subscribed.name, status: "dead_letter",
    attempts: [{ status: "failed", code: 500, body: "<b>boom</b>", error: "HTTP 500" }],
  });
  return { app, endpoint, subscribed, other, failed };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** Every mutation the portal offers, called directly with the session's cookie. */
function mutations(page: Page, baseURL: string, s: Setup) {
  const call = portalCall(page, baseURL);
  const ep = `/portal/api/endpoints/${s.endpoint.id}`;
  return {
    create: () => call.post("/portal/api/endpoints", { type: "webhook", url: "https://forged.example.com/x", eventTypeIds: [] }),
    update: () => call.patch(ep, { description: "forged" }),
    disable: () => call.patch(ep, { isActive: false }),
    subscribe: () => call.put(`${ep}/subscriptions/${s.other.id}`),
    unsubscribe: () => call.delete(`${ep}/subscriptions/${s.subscribed.id}`),
    rotate: () => call.post(`${ep}/secret/rotate`),
    test: () => call.post(`${ep}/test`),
    retry: () => call.post(`/portal/api/deliveries/${s.failed.id}/retry`),
    delete: () => call.delete(ep),
  };
}

async function expectForbidden(response: { status(): number; json(): Promise<unknown> }) {
  expect(response.status()).toBe(403);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("forbidden");
}

test.describe("portal roles", () => {
  test("viewer sees everything and can change nothing; forged calls are refused with 403", async ({ page, mgmt, ws, baseURL }) => {
    const s = await setup(mgmt, ws);
    await signIn(page, mgmt, s.app.id, "viewer");
    await expect(page.getByTestId("role-badge")).toHaveText("Viewer");
    await expect(page.getByTestId("endpoint-list")).toContainText("receiver.example.com");
    await expect(page.getByRole("link", { name: "Add endpoint" })).toHaveCount(0);

    await page.getByTestId("endpoint-list").getByRole("link").first().click();
    await expect(page.getByTestId("endpoint-title")).toHaveText("https://receiver.example.com/hooks");
    for (const name of ["Send test event", "Disable", "Delete", "Rotate secret"]) await expect(page.getByRole("button", { name })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
    await expect(page.getByRole("switch")).toHaveCount(0);
    await expect(page.getByText("Subscribed", { exact: true })).toBeVisible();
    // Reading the configuration (including the signing secret) is endpoints:read.
    await page.getByRole("button", { name: "Reveal" }).click();
    await expect(page.getByTestId("signing-secret")).toHaveText(s.endpoint.secret);
    await screenshots(page, "endpoint-viewer");

    await page.goto(`/portal/deliveries/${s.failed.id}`);
    await expect(page.getByTestId("attempt")).toContainText("HTTP 500");
    await expect(page.getByRole("button", { name: "Retry delivery" })).toHaveCount(0);
    // A receiver's response body is shown as text, never interpreted as HTML.
    await page.getByText("Response body").click();
    await expect(page.getByTestId("response-body")).toHaveText("<b>boom</b>");
    await expect(page.getByTestId("response-body").locator("b")).toHaveCount(0);
    await screenshots(page, "delivery-failed");

    await page.goto("/portal/endpoints/new");
    await expect(page).toHaveURL(/\/portal\/not-allowed/);
    await expect(page.getByText("You are signed in as viewer")).toBeVisible();
    await screenshots(page, "not-allowed");
    await page.goto(`/portal/endpoints/${s.endpoint.id}/edit`);
    await expect(page).toHaveURL(/\/portal\/not-allowed/);

    const before = await db.endpoint.findUniqueOrThrow({ where: { id: s.endpoint.id }, include: { subscriptions: true } });
    for (const [name, call] of Object.entries(mutations(page, baseURL!, s))) {
      await test.step(`forged ${name}`, async () => expectForbidden(await call()));
    }
    const after = await db.endpoint.findUniqueOrThrow({ where: { id: s.endpoint.id }, include: { subscriptions: true } });
    expect(plainCredentials(after)).toEqual(plainCredentials(before));
    expect(await db.endpoint.count({ where: { applicationId: s.app.id } })).toBe(1);
    expect((await db.delivery.findUniqueOrThrow({ where: { id: s.failed.id } })).status).toBe("dead_letter");
    expect(await db.auditLog.count({ where: { workspaceId: ws.workspaceId, actorType: "portal_session", NOT: { action: "portal_session.opened" } } })).toBe(0);
  });

  test("editor edits, subscribes, rotates, tests and retries, but cannot delete", async ({ page, mgmt, ws, baseURL }) => {
    test.setTimeout(150_000);
    const s = await setup(mgmt, ws);
    await signIn(page, mgmt, s.app.id, "editor");
    await page.goto(`/portal/endpoints/${s.endpoint.id}`);
    await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);

    await page.getByRole("switch", { name: `Receive ${s.other.name}` }).click();
    await expect(page.getByText(`Subscribed to ${s.other.name}`)).toBeVisible();
    await expect.poll(() => db.subscription.count({ where: { endpointId: s.endpoint.id } })).toBe(2);

    await page.getByRole("button", { name: "Disable" }).click();
    const dialog = page.getByRole("dialog", { name: "Disable this endpoint?" });
    await expect(dialog).toContainText("https://receiver.example.com/hooks");
    await dialog.getByRole("button", { name: "Disable endpoint" }).click();
    await expect(page.getByText("Endpoint disabled")).toBeVisible();
    await expect(page.getByRole("button", { name: "Enable" })).toBeVisible();
    expect((await db.endpoint.findUniqueOrThrow({ where: { id: s.endpoint.id } })).isActive).toBe(false);
    await page.getByRole("button", { name: "Enable" }).click();
    await expect(page.getByRole("button", { name: "Disable" })).toBeVisible();

    const oldSecret = s.endpoint.secret;
    await page.getByRole("button", { name: "Rotate secret" }).click();
    const rotate = page.getByRole("dialog", { name: "Rotate the signing secret?" });
    await expect(rotate).toContainText("hours");
    await rotate.getByRole("button", { name: "Rotate secret" }).click();
    await expect(page.getByText(/Secret rotated/)).toBeVisible();
    const rotated = plainCredentials(await db.endpoint.findUniqueOrThrow({ where: { id: s.endpoint.id } }));
    expect(rotated.secret).not.toBe(oldSecret);
    expect(rotated.previousSecret).toBe(oldSecret);
    await expect(page.getByTestId("signing-secret")).toHaveText(rotated.secret);

    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByText(/Test event queued/)).toBeVisible();
    await expect.poll(() => db.delivery.count({ where: { endpointId: s.endpoint.id } })).toBe(2);

    await page.goto(`/portal/deliveries/${s.failed.id}`);
    await page.getByRole("button", { name: "Retry delivery" }).click();
    await expect(page.getByText(/Retry queued/)).toBeVisible();
    // The worker attempts it again (the seeded receiver does not exist, so it fails again).
    // By now the endpoint's failures may have opened its circuit: the retry then waits for a probe.
    await expect.poll(() => db.attempt.count({ where: { deliveryId: s.failed.id } }), { timeout: 60_000 }).toBe(2);

    await expectForbidden(await mutations(page, baseURL!, s).delete());
    expect(await db.endpoint.count({ where: { id: s.endpoint.id } })).toBe(1);

    await page.goto(`/portal/endpoints/${s.endpoint.id}/edit`);
    await page.getByLabel("Description").fill("Billing v2");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page).toHaveURL(new RegExp(`/portal/endpoints/${s.endpoint.id}$`));
    await expect(page.getByText("Billing v2")).toBeVisible();
    const actions = (await db.auditLog.findMany({ where: { workspaceId: ws.workspaceId, actorType: "portal_session" } })).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["subscription.created", "endpoint.updated", "endpoint.secret_rotated", "delivery.retried"]));
  });

  test("admin deletes an endpoint after a confirmation that names it", async ({ page, mgmt, ws }) => {
    const s = await setup(mgmt, ws);
    await signIn(page, mgmt, s.app.id, "admin");
    await expect(page.getByTestId("role-badge")).toHaveText("Admin");
    await page.goto(`/portal/endpoints/${s.endpoint.id}`);
    await page.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this endpoint?" });
    await expect(dialog).toContainText("https://receiver.example.com/hooks");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    expect(await db.endpoint.count({ where: { id: s.endpoint.id } })).toBe(1);

    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog", { name: "Delete this endpoint?" }).getByRole("button", { name: "Delete endpoint" }).click();
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByText("Endpoint deleted")).toBeVisible();
    await expect(page.getByRole("heading", { name: "No endpoints yet" })).toBeVisible();
    expect(await db.endpoint.count({ where: { id: s.endpoint.id } })).toBe(0);
  });

  test("the UI and the server read the same permissions table", async ({ page, mgmt, ws, baseURL }) => {
    const s = await setup(mgmt, ws);
    const expected: Record<Role, string[]> = {
      admin: ["endpoints:read", "endpoints:write", "endpoints:delete", "subscriptions:read", "subscriptions:write", "event_types:read", "deliveries:read", "deliveries:retry"],
      editor: ["endpoints:read", "endpoints:write", "subscriptions:read", "subscriptions:write", "event_types:read", "deliveries:read", "deliveries:retry"],
      viewer: ["endpoints:read", "subscriptions:read", "event_types:read", "deliveries:read"],
    };
    for (const role of Object.keys(expected) as Role[]) expect([...ROLE_SCOPES[role]].sort()).toEqual([...expected[role]].sort());

    // A mutation without the browser's Origin header (or from another origin) is refused even for an admin.
    await signIn(page, mgmt, s.app.id, "admin");
    const noOrigin = await page.request.patch(`/portal/api/endpoints/${s.endpoint.id}`, { data: { description: "x" } });
    expect(noOrigin.status()).toBe(403);
    const foreign = await page.request.patch(`/portal/api/endpoints/${s.endpoint.id}`, { data: { description: "x" }, headers: { origin: "https://evil.example" } });
    expect(foreign.status()).toBe(403);
    const same = await portalCall(page, baseURL!).patch(`/portal/api/endpoints/${s.endpoint.id}`, { description: "ok" });
    expect(same.status()).toBe(200);
    expect((await db.endpoint.findUniqueOrThrow({ where: { id: s.endpoint.id } })).description).toBe("ok");
  });
});
