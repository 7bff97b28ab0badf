import { expect, test } from "../support/fixtures";
import { createApp, createAppEndpoint, portalApiSession, seedDelivery, type Role } from "../support/portal";

/**
 * What the portal serves to each role, read the way an attacker would: the HTML and the RSC
 * payload (`RSC: 1`, what client-side navigation fetches) of every page, searched for every
 * credential the role must not receive. Masked displays are fine; the values themselves are not.
 */
test("no page sends a role a credential it may not see, in HTML or RSC payload", async ({ ws, mgmt, playwright, baseURL }) => {
  test.setTimeout(180_000);
  const app = await createApp(mgmt);
  const slackToken = `XOXsecret${Math.random().toString(36).slice(2)}TOKEN`;
  const slackUrl = `http://127.0.0.1:9/services/T0AAA1111/B0BBB2222/${slackToken}`;
  const slack = await createAppEndpoint(mgmt, app.id, { type: "slack", config: { webhookUrl: slackUrl } });
  const password = `pw-${Math.random().toString(36).slice(2)}-secret`;
  const webhook = await createAppEndpoint(mgmt, app.id, { url: "https://example.com/hook", authUsername: "acme", authPassword: password });
  const slackDelivery = await seedDelivery({ workspaceId: ws.workspaceId, endpointId: slack.id, eventType: "deploy.finished", status: "failed", attempts: [{ status: "failed", code: 500 }] });
  const webhookDelivery = await seedDelivery({ workspaceId: ws.workspaceId, endpointId: webhook.id, eventType: "deploy.finished", status: "delivered", attempts: [{ status: "success", code: 200 }] });

  // Never in any page for any role: signing secrets are fetched on demand (POST), the rest never.
  const forbidden: Record<string, string> = {
    "Slack webhook URL": slackUrl,
    "Slack webhook token": slackToken,
    "webhook signing secret": webhook.secret,
    "Slack endpoint secret": slack.secret,
    "basic-auth password": password,
    "management token": ws.managementToken,
    "ingestion key": ws.ingestionKey,
  };
  const pages = [
    "/portal",
    `/portal/endpoints/${slack.id}`,
    `/portal/endpoints/${webhook.id}`,
    `/portal/endpoints/${slack.id}/edit`,
    `/portal/endpoints/${webhook.id}/edit`,
    `/portal/endpoints/${slack.id}/deliveries`,
    "/portal/deliveries",
    `/portal/deliveries/${slackDelivery.id}`,
    `/portal/deliveries/${webhookDelivery.id}`,
    "/portal/event-types",
  ];
  const leaks: string[] = [];
  let checked = 0;
  for (const role of ["viewer", "editor", "admin"] as Role[]) {
    const portal = await portalApiSession(playwright, baseURL!, mgmt, app.id, role);
    for (const path of pages) {
      for (const rsc of [false, true]) {
        const res = await portal.get(path, { headers: rsc ? { rsc: "1" } : {} });
        expect(res.status(), `${role} ${path}`).toBeLessThan(500);
        const text = await res.text();
        checked++;
        for (const [what, value] of Object.entries(forbidden)) {
          if (text.includes(value)) leaks.push(`${role} ${path}${rsc ? " (RSC)" : ""}: ${what}`);
        }
      }
    }
    // JSON answers of the portal's own calls, too (editors and admins may call them).
    if (role !== "viewer") {
      const patched = await portal.patch(`/portal/api/endpoints/${slack.id}`, { headers: { origin: new URL(baseURL!).origin }, data: { description: `by ${role}` } });
      expect(patched.status()).toBe(200);
      const text = await patched.text();
      for (const [what, value] of Object.entries(forbidden)) if (text.includes(value)) leaks.push(`${role} PATCH answer: ${what}`);
      expect((await patched.json()).url).toBe("127.0.0.1:9/services/T0AAA1111/B0BBB2222/••••");
    }
    await portal.dispose();
  }
  expect(checked).toBe(3 * pages.length * 2);
  expect(leaks).toEqual([]);
});
