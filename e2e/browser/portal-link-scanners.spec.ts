import { expect, test } from "../support/fixtures";
import { createApp, portalLink } from "../support/portal";

test.describe("opening a portal link after scanners looked at it", () => {
  test("HEAD, then a scanner's GET, then the customer: still lands in the portal", async ({ page, request, mgmt }) => {
    const app = await createApp(mgmt);
    const link = await portalLink(mgmt, app.id, { role: "editor" });
    expect((await request.head(link.url)).status()).toBe(200);
    expect((await request.get(link.url)).status()).toBe(200);
    await page.goto(link.url);
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByRole("heading", { name: "Endpoints", exact: true, level: 1 })).toBeVisible();
  });

  test("a browser without scripts continues with the button", async ({ browser, mgmt }) => {
    const app = await createApp(mgmt);
    const link = await portalLink(mgmt, app.id, { role: "viewer" });
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link.url);
    await expect(page.getByRole("heading", { name: "Opening the Developer Portal…" })).toBeVisible();
    await page.getByRole("button", { name: "Continue to the Developer Portal" }).click();
    await expect(page).toHaveURL(/\/portal$/);
    await context.close();
  });

  test("the page runs under its own strict CSP without violations", async ({ page, mgmt }) => {
    const app = await createApp(mgmt);
    const link = await portalLink(mgmt, app.id, { role: "viewer" });
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(link.url);
    await expect(page).toHaveURL(/\/portal$/);
    expect(violations).toEqual([]);
  });
});
