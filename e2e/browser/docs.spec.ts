import { expect, test } from "@playwright/test";

test("the API reference renders every operation from the OpenAPI document", async ({ page, request }) => {
  const doc = await (await request.get("/management/v1/openapi.json")).json();
  const operationIds = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((m) => Object.values(m).map((op) => op.operationId));

  await page.goto("/docs");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nahook API");
  for (const id of operationIds) await expect(page.locator(`#op-${id}`)).toBeVisible();
  for (const tag of doc.tags as { name: string }[]) await expect(page.getByRole("heading", { level: 2, name: tag.name, exact: true })).toBeVisible();

  const v2 = page.locator("#op-V2");
  await expect(v2).toContainText(/post/i);
  await expect(v2).toContainText("/environments");
  await expect(v2.getByRole("table", { name: "Request body" })).toContainText("slug");
  await expect(v2.locator(`a[href="#error-conflict"]`)).toContainText("409");
  await expect(page.locator("#error-method_not_allowed")).toContainText("405");

  await page.locator("#op-L1").getByRole("link", { name: "AuditLog[]" }).click();
  await expect(page).toHaveURL(/#schema-AuditLog$/);
  await page.screenshot({ path: "test-results/screenshots/docs-desktop.png" });
});
