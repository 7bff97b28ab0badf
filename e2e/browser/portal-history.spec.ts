import { expect, test } from "../support/fixtures";
import { createApp, createAppEndpoint, seedDelivery, signIn } from "../support/portal";

test("delivery history: newest first, status filter, per-endpoint view, cursor pages", async ({ page, mgmt, ws }) => {
  const app = await createApp(mgmt);
  const a = await createAppEndpoint(mgmt, app.id, { url: "https://a.example.com/hook" });
  const b = await createAppEndpoint(mgmt, app.id, { url: "https://b.example.com/hook" });
  const now = Date.now();
  // 30 on endpoint A (every 5th failed), 3 on endpoint B; one minute apart, newest = index 0.
  for (let i = 0; i < 30; i++) {
    await seedDelivery({ workspaceId: ws.workspaceId, endpointId: a.id, eventType: `a.event.${String(i).padStart(2, "0")}`, status: i % 5 === 0 ? "failed" : "delivered", createdAt: new Date(now - i * 60_000) });
  }
  for (let i = 0; i < 3; i++) {
    await seedDelivery({ workspaceId: ws.workspaceId, endpointId: b.id, eventType: `b.event.${i}`, status: "delivered", createdAt: new Date(now - (i * 60_000 + 30_000)) });
  }

  await signIn(page, mgmt, app.id, "viewer");
  await page.goto("/portal/deliveries");
  const rows = page.getByTestId("delivery-list").getByRole("link");
  await expect(rows).toHaveCount(25);
  await expect(rows.first()).toContainText("a.event.00");
  await expect(rows.nth(1)).toContainText("b.event.0");
  await page.getByRole("link", { name: "Older" }).click();
  await expect(rows).toHaveCount(8);
  await expect(rows.last()).toContainText("a.event.29");
  await expect(page.getByRole("link", { name: "Older" })).toHaveCount(0);
  await page.getByRole("link", { name: "Newest" }).click();
  await expect(rows.first()).toContainText("a.event.00");

  await page.getByLabel("Status").selectOption("failed");
  await expect(page).toHaveURL(/\/portal\/deliveries\?status=failed$/);
  await expect(rows).toHaveCount(6);
  for (const row of await rows.all()) await expect(row).toContainText("Failed");

  await page.getByLabel("Endpoint").selectOption({ label: "https://b.example.com/hook" });
  await expect(page).toHaveURL(new RegExp(`/portal/endpoints/${b.id}/deliveries\\?status=failed$`));
  await expect(page.getByRole("heading", { name: "No matching deliveries" })).toBeVisible();
  await page.getByRole("link", { name: "Clear filter" }).click();
  await expect(page).toHaveURL(new RegExp(`/portal/endpoints/${b.id}/deliveries$`));
  await expect(rows).toHaveCount(3);

  // A tampered cursor is not an error page: the newest deliveries, with a notice.
  await page.goto("/portal/deliveries?cursor=not-a-real-cursor-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  await expect(page.getByText("That page link is no longer valid")).toBeVisible();
  await expect(rows).toHaveCount(25);
  // A cursor from another list (endpoint A's) does not work on endpoint B's list.
  await page.goto(`/portal/endpoints/${a.id}/deliveries`);
  const older = await page.getByRole("link", { name: "Older" }).getAttribute("href");
  const cursor = new URL(older!, page.url()).searchParams.get("cursor")!;
  await page.goto(`/portal/endpoints/${b.id}/deliveries?cursor=${encodeURIComponent(cursor)}`);
  await expect(page.getByText("That page link is no longer valid")).toBeVisible();
});
