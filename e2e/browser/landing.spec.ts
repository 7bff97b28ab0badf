import { expect, test } from "@playwright/test";

test("landing page says what the server is and links to the API reference", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Webhooks");
  await expect(page.getByRole("link", { name: "API reference" })).toHaveAttribute("href", "/docs");
  await page.screenshot({ path: "test-results/screenshots/landing-desktop.png", fullPage: true });
});
