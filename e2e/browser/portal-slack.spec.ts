import { db, expect, test } from "../support/fixtures";
import { createApp, createEventType, screenshots, signIn, startReceiver } from "../support/portal";

test("a Slack endpoint is created from the portal and shown without its token", async ({ page, mgmt }) => {
  await createEventType(mgmt, "deploy.finished", "A deployment finished");
  const app = await createApp(mgmt, { name: "Initech" });
  await signIn(page, mgmt, app.id, "editor");
  await page.getByRole("link", { name: "Add endpoint" }).click();
  await page.getByText("Slack", { exact: true }).click();
  const url = page.getByLabel("Slack incoming webhook URL");
  await url.fill("https://example.com/services/T1/B2/secret");
  await url.blur();
  await expect(page.getByText(/Use a Slack incoming webhook URL/)).toBeVisible();
  const webhookUrl = "https://hooks.slack.com/services/T0AAA1111/B0BBB2222/XXXXsecretTOKENxxxx";
  await url.fill(webhookUrl);
  await page.getByLabel("Description").fill("#deploys");
  await page.getByRole("checkbox", { name: /deploy\.finished/ }).check();
  await page.getByRole("button", { name: "Create endpoint" }).click();

  await expect(page).toHaveURL(/\/portal\/endpoints\/ep_/);
  const endpointId = page.url().split("/").pop()!;
  const row = await db.endpoint.findUniqueOrThrow({ where: { id: endpointId } });
  expect(row).toMatchObject({ type: "slack", url: webhookUrl, config: { webhookUrl } });
  await expect(page.getByTestId("endpoint-title")).toHaveText("hooks.slack.com/services/T0AAA1111/B0BBB2222/••••");
  await expect(page.getByText("Slack endpoint")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Slack delivery" })).toBeVisible();
  await expect(page.getByTestId("signing-secret")).toHaveCount(0);
  await expect(page.getByRole("switch", { name: "Receive deploy.finished" })).toHaveAttribute("aria-checked", "true");
  expect(await page.content()).not.toContain("XXXXsecretTOKENxxxx");
  await screenshots(page, "slack-endpoint");

  await page.goto("/portal");
  await expect(page.getByTestId("endpoint-url")).toHaveText("hooks.slack.com/services/T0AAA1111/B0BBB2222/••••");
  await expect(page.getByText("Slack endpoint")).toHaveCount(1);
  expect(await page.content()).not.toContain("XXXXsecretTOKENxxxx");

  // The server applies the same rule as the browser.
  const res = await page.request.post("/portal/api/endpoints", {
    headers: { origin: new URL(page.url()).origin },
    data: { type: "slack", url: "https://example.com/services/T/B/X" },
  });
  expect(res.status()).toBe(400);
  expect((await res.json()).error.details[0].field).toBe("config.webhookUrl");
});

test("a Slack endpoint's test event arrives as a Slack message", async ({ page, mgmt, ws }) => {
  // The test server accepts 127.0.0.1 as a Slack host (NAHOOK_SLACK_WEBHOOK_HOSTS), so a local receiver plays Slack.
  const slack = await startReceiver(200, "ok");
  try {
    const app = await createApp(mgmt);
    await signIn(page, mgmt, app.id, "admin");
    await page.goto("/portal/endpoints/new");
    await page.getByText("Slack", { exact: true }).click();
    await page.getByLabel("Slack incoming webhook URL").fill(`${slack.url}/services/T1/B2/token`);
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await expect(page).toHaveURL(/\/portal\/endpoints\/ep_/);
    await expect(page.getByTestId("endpoint-title")).toHaveText(`${new URL(slack.url).host}/services/T1/B2/••••`);

    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByText(/Test event queued/)).toBeVisible();
    await expect.poll(() => slack.received.length, { timeout: 15_000 }).toBe(1);
    expect(slack.received[0].path).toBe("/services/T1/B2/token");
    expect(slack.received[0].headers["webhook-signature"]).toBeUndefined();
    const message = JSON.parse(slack.received[0].body);
    expect(typeof message.text).toBe("string");
    expect(JSON.stringify(message)).toContain("nahook.test");

    const endpointId = page.url().split("/").pop()!;
    await expect.poll(async () => (await db.delivery.findFirst({ where: { endpointId, workspaceId: ws.workspaceId } }))?.status).toBe("delivered");
    await page.goto(`/portal/endpoints/${endpointId}/deliveries`);
    const row = page.getByTestId("delivery-list").getByRole("link").first();
    await expect(row).toContainText("nahook.test");
    await expect(row).toContainText("Delivered");
    await row.click();
    // The attempt shows the masked Slack URL, never its token.
    await expect(page.getByTestId("attempt")).toContainText("/services/T1/B2/••••");
    expect(await page.content()).not.toContain("/services/T1/B2/token");
  } finally {
    await slack.close();
  }
});
