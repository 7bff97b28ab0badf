import type { Locator, Page } from "@playwright/test";
import { db, expect, test } from "../support/fixtures";
import { createApp, createAppEndpoint, portalLink, SCREENSHOTS, screenshots, seedDelivery, signIn, type Role } from "../support/portal";

/** A 64×64 PNG-free logo: an SVG served for the https URL the operator configured (the test has no internet). */
const LOGO_URL = "https://cdn.globex.example/logo.svg";
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="36" viewBox="0 0 120 36"><rect width="36" height="36" rx="8" fill="#0f766e"/><circle cx="18" cy="18" r="9" fill="#fff"/><text x="44" y="24" font-family="Arial" font-size="16" font-weight="700" fill="#0f766e">Globex</text></svg>`;

/** The rendered colour of an element's property as [r, g, b], whatever syntax (oklch, color-mix…) produced it. */
async function rgb(locator: Locator, property: "background-color" | "color"): Promise<[number, number, number]> {
  return locator.evaluate((el, prop) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const g = canvas.getContext("2d")!;
    g.fillStyle = getComputedStyle(el).getPropertyValue(prop);
    g.fillRect(0, 0, 1, 1);
    const [r, gr, b] = g.getImageData(0, 0, 1, 1).data;
    return [r, gr, b] as [number, number, number];
  }, property);
}

function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

async function openAs(page: Page, mgmt: Parameters<typeof signIn>[1], appId: string, role: Role) {
  await page.route(LOGO_URL, (route) => route.fulfill({ contentType: "image/svg+xml", body: LOGO_SVG }));
  await signIn(page, mgmt, appId, role);
}

test.describe("portal branding", () => {
  test("the brand colour is in the server's HTML: the first paint has it, with JavaScript off", async ({ browser, mgmt, baseURL }) => {
    await mgmt.patch("/portal-settings", { branding: { primaryColor: "#0f766e", displayName: "Globex" } });
    const app = await createApp(mgmt, { name: "Initech" });
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
    const page = await context.newPage();
    await page.goto((await portalLink(mgmt, app.id, { role: "admin" })).url);
    // Without scripts the link's page is completed with its button (the exchange is a POST).
    await page.getByRole("button", { name: "Continue to the Developer Portal" }).click();
    // The header is part of the layout's first flush (a page's own content may stream in after
    // its loading state, which needs scripts to swap in), so it is what the first paint shows.
    const badge = page.getByTestId("brand-initial");
    await expect(badge).toBeVisible();
    // Polled: the element can be visible before the stylesheet has arrived, and computed style
    // does not wait for it (read once, the badge was transparent in one run in forty).
    await expect.poll(() => rgb(badge, "background-color")).toEqual([15, 118, 110]);
    await expect.poll(() => rgb(badge, "color")).toEqual([255, 255, 255]);
    await expect(page.getByTestId("portal-subtitle")).toHaveText("Globex · Developer Portal");
    await expect(page).toHaveTitle("Developer Portal · Globex");
    await context.close();
  });

  test("a colour too light for white text gets black button labels; links stay readable", async ({ page, mgmt }) => {
    await mgmt.patch("/portal-settings", { branding: { primaryColor: "#facc15" } });
    const app = await createApp(mgmt);
    await signIn(page, mgmt, app.id, "editor");
    const button = page.getByRole("link", { name: "Add endpoint" });
    expect(await rgb(button, "background-color")).toEqual([250, 204, 21]);
    expect(await rgb(button, "color")).toEqual([0, 0, 0]);
    // The current tab's label uses the brand hue, darkened until it reads on white (WCAG AA).
    const tab = page.getByRole("link", { name: "Endpoints", exact: true });
    const text = await rgb(tab, "color");
    expect((1.05) / (luminance(text) + 0.05)).toBeGreaterThanOrEqual(4.5);
  });

  test("dark scheme: dark surfaces and light text for every role; the footer can be hidden", async ({ page, mgmt, ws }) => {
    await mgmt.patch("/portal-settings", { branding: { colorScheme: "dark", hideFooter: true } });
    const app = await createApp(mgmt, { name: "Night Shift" });
    const endpoint = await createAppEndpoint(mgmt, app.id, { url: "https://night.example.com/hooks", description: "Night sync" });
    await seedDelivery({ workspaceId: ws.workspaceId, endpointId: endpoint.id, eventType: "order.created", status: "delivered", attempts: [{ status: "success", code: 200 }] });
    await seedDelivery({ workspaceId: ws.workspaceId, endpointId: endpoint.id, eventType: "order.created", status: "dead_letter", attempts: [{ status: "failed", code: 500, body: "boom" }] });
    for (const role of ["viewer", "editor", "admin"] as Role[]) {
      await page.context().clearCookies();
      await signIn(page, mgmt, app.id, role);
      await expect(page.getByTestId("role-badge")).toHaveText(role.charAt(0).toUpperCase() + role.slice(1));
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe("dark");
      expect(luminance(await rgb(page.locator("body"), "background-color"))).toBeLessThan(0.05);
      expect(luminance(await rgb(page.locator("header").first(), "background-color"))).toBeLessThan(0.05);
      expect(luminance(await rgb(page.getByTestId("application-name"), "color"))).toBeGreaterThan(0.7);
      await expect(page.getByTestId("nahook-footer")).toHaveCount(0);
    }
    await screenshots(page, "theme-dark-endpoints");
    await page.getByRole("link", { name: "Deliveries", exact: true }).click();
    await expect(page.getByTestId("delivery-list")).toBeVisible();
    await screenshots(page, "theme-dark-deliveries");
    // The payload stays a dark code block with light text in the dark scheme too.
    await page.getByTestId("delivery-list").getByRole("link").first().click();
    const payload = page.getByTestId("payload");
    await expect(payload).toBeVisible();
    expect(luminance(await rgb(payload, "background-color"))).toBeLessThan(0.05);
    expect(luminance(await rgb(payload, "color"))).toBeGreaterThan(0.7);
  });

  test("auto follows the reader's system setting, with no script", async ({ page, mgmt }) => {
    await mgmt.patch("/portal-settings", { branding: { colorScheme: "auto" } });
    const app = await createApp(mgmt);
    await page.emulateMedia({ colorScheme: "dark" });
    await signIn(page, mgmt, app.id, "viewer");
    expect(luminance(await rgb(page.locator("body"), "background-color"))).toBeLessThan(0.05);
    await page.emulateMedia({ colorScheme: "light" });
    expect(luminance(await rgb(page.locator("body"), "background-color"))).toBeGreaterThan(0.9);
  });

  test("an application's override beats the workspace's branding; the light default keeps Nahook's footer", async ({ page, mgmt, ws }) => {
    await mgmt.patch("/portal-settings", { branding: { primaryColor: "#0f766e", displayName: "Globex" } });
    const plain = await createApp(mgmt, { name: "Plain" });
    const special = await createApp(mgmt, { name: "Special" });
    const res = await mgmt.patch(`/applications/${special.id}/portal-settings`, { branding: { primaryColor: "#be123c", displayName: "Globex Red", logoUrl: LOGO_URL } });
    expect(res.status()).toBe(200);

    await openAs(page, mgmt, special.id, "admin");
    expect(await rgb(page.getByRole("link", { name: "Add endpoint" }), "background-color")).toEqual([190, 18, 60]);
    await expect(page.getByTestId("portal-subtitle")).toHaveText("Globex Red · Developer Portal");
    const logo = page.getByTestId("brand-logo");
    await expect(logo).toHaveAttribute("src", LOGO_URL);
    await expect(logo).toHaveAttribute("referrerpolicy", "no-referrer");
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await expect(page.getByTestId("nahook-footer")).toBeVisible();

    await page.context().clearCookies();
    await signIn(page, mgmt, plain.id, "admin");
    expect(await rgb(page.getByRole("link", { name: "Add endpoint" }), "background-color")).toEqual([15, 118, 110]);
    await expect(page.getByTestId("brand-logo")).toHaveCount(0);
    expect(await db.portalSettings.count({ where: { workspaceId: ws.workspaceId } })).toBe(1);
  });

  test("screenshots: light default, dark, and a custom brand at 1280 and 375 px", async ({ page, mgmt, ws }) => {
    const app = await createApp(mgmt, { name: "Acme Corp" });
    const endpoint = await createAppEndpoint(mgmt, app.id, { url: "https://acme.example.com/webhooks", description: "Order sync" });
    await createAppEndpoint(mgmt, app.id, { url: "https://acme.example.com/billing", description: "Billing" });
    for (const status of ["delivered", "delivered", "dead_letter", "scheduled_retry"] as const) {
      await seedDelivery({ workspaceId: ws.workspaceId, endpointId: endpoint.id, eventType: "order.created", status, attempts: [{ status: status === "delivered" ? "success" : "failed", code: status === "delivered" ? 200 : 503 }] });
    }
    await signIn(page, mgmt, app.id, "admin");
    await screenshots(page, "theme-light");
    // The README's pictures (docs/portal-*.png): the top of the desktop page.
    const readmeShot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}/readme-${name}.png`, clip: { x: 0, y: 0, width: 1280, height: 430 } });
    await readmeShot("portal-light");

    await mgmt.patch("/portal-settings", { branding: { colorScheme: "dark" } });
    await page.reload();
    await screenshots(page, "theme-dark");

    await mgmt.patch("/portal-settings", { branding: { colorScheme: "light", primaryColor: "#0f766e", displayName: "Globex", logoUrl: LOGO_URL, hideFooter: true } });
    await page.route(LOGO_URL, (route) => route.fulfill({ contentType: "image/svg+xml", body: LOGO_SVG }));
    await page.reload();
    await expect(page.getByTestId("brand-logo")).toBeVisible();
    await screenshots(page, "theme-brand");

    await mgmt.patch("/portal-settings", { branding: { colorScheme: "dark" } });
    await page.reload();
    await screenshots(page, "theme-brand-dark");
    await readmeShot("portal-brand-dark");
    await page.getByRole("link", { name: endpoint.url }).first().click();
    await expect(page.getByTestId("endpoint-title")).toBeVisible();
    await screenshots(page, "theme-brand-dark-endpoint");
    await page.goto("/portal/endpoints/new");
    await page.getByLabel("Endpoint URL").fill("not a url");
    await page.getByLabel("Description").focus();
    await expect(page.getByText("Enter a full URL, such as https://api.example.com/webhooks")).toBeVisible();
    await screenshots(page, "theme-brand-dark-form");
  });
});
