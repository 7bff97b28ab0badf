import { cliJson, runCli } from "../support/cli";
import { startReceiver, waitForDelivery } from "../support/delivery";
import { expect, managementClient, test } from "../support/fixtures";
import { serverLog } from "../support/portal";

test.describe.configure({ timeout: 180_000 });

/**
 * Drives a whole journey — workspace, token, key, application, endpoint with credentials,
 * portal link and session, secret reveal and rotation, events and deliveries, plus the usual
 * client mistakes — then reads everything the test server printed (playwright.config.ts tees
 * it to NAHOOK_TEST_LOG) looking for any credential it handled.
 */
test("nothing the server prints contains a token, key, secret, password, code or cookie", async ({ request, playwright, baseURL }) => {
  const receiver = await startReceiver();
  try {
    const ws = await cliJson<{ workspaceId: string; environmentId: string; managementToken: string; ingestionKey: string }>(["workspace", "create", "--name", `Log scan ${Date.now()}`, "--plan", "pro"]);
    const token = await cliJson<{ token: string }>(["token", "create", "--workspace", ws.workspaceId, "--name", "second"]);
    const key = await cliJson<{ key: string }>(["key", "create", "--workspace", ws.workspaceId, "--name", "second"]);
    const mgmt = managementClient(request, ws);
    const second = managementClient(request, { ...ws, managementToken: token.token });

    const app = await (await second.post("/applications", { name: "Log scan app" })).json();
    const type = await (await mgmt.post("/event-types", { name: "order.created" })).json();
    const password = `pw-${Math.random().toString(36).slice(2)}-hunter2`;
    const endpoint = await (await mgmt.post(`/applications/${app.id}/endpoints`, { url: `${receiver.url}/hook`, authUsername: "acme", authPassword: password })).json();
    expect((await mgmt.post(`/endpoints/${endpoint.id}/subscriptions`, { eventTypeIds: [type.id] })).status()).toBe(201);
    const rotated = await (await mgmt.post(`/endpoints/${endpoint.id}/secret/rotate`)).json();

    const link = await (await mgmt.post(`/applications/${app.id}/portal`, { role: "admin", metadata: { email: "jane@example.com" } })).json();
    const portal = await playwright.request.newContext({ baseURL });
    expect((await portal.get(new URL(link.url).pathname)).status()).toBe(200);
    const opened = await portal.post(new URL(link.url).pathname, { maxRedirects: 0, headers: { "sec-fetch-site": "same-origin" } });
    expect(opened.status()).toBe(303);
    const cookie = /nahook_portal=([^;]+)/.exec(opened.headers()["set-cookie"] ?? "")![1];
    expect((await portal.get("/portal")).status()).toBe(200);
    const origin = { origin: new URL(baseURL!).origin };
    const revealed = await (await portal.post(`/portal/api/endpoints/${endpoint.id}/secret`, { headers: origin })).json();
    expect(revealed.secret).toBe(rotated.secret);
    const rotatedInPortal = await (await portal.post(`/portal/api/endpoints/${endpoint.id}/secret/rotate`, { headers: origin })).json();

    // Events through both keys, a delivery, and the usual mistakes (bad credentials, bad bodies).
    for (const k of [ws.ingestionKey, key.key]) {
      const res = await request.post("/api/ingest/event/order.created", { headers: { authorization: `Bearer ${k}` }, data: { payload: { orderId: 42 } } });
      expect(res.status()).toBe(202);
      const { deliveryIds } = await res.json();
      await waitForDelivery(deliveryIds[0], (d) => d.status === "delivered");
    }
    await request.post("/api/ingest/event/order.created", { headers: { authorization: `Bearer ${ws.ingestionKey}x` }, data: { payload: {} } });
    await request.get(`${mgmt.base}/applications`, { headers: { authorization: `Bearer ${ws.managementToken}x` } });
    await request.post(`${mgmt.base}/applications`, { headers: { authorization: `Bearer ${ws.managementToken}`, "content-type": "application/json" }, data: Buffer.from("{nope") });
    await request.post(`/s/${link.code}`, { maxRedirects: 0, headers: { "sec-fetch-site": "same-origin" } }); // already used
    await portal.post("/portal/api/sign-out", { headers: origin, maxRedirects: 0 });
    await portal.dispose();

    await new Promise((resolve) => setTimeout(resolve, 1000));
    const log = serverLog();
    expect(log.length).toBeGreaterThan(0);
    const secrets: Record<string, string> = {
      "management token": ws.managementToken,
      "second management token": token.token,
      "ingestion key": ws.ingestionKey,
      "second ingestion key": key.key,
      "signing secret": endpoint.secret,
      "rotated signing secret": rotated.secret,
      "portal-rotated signing secret": rotatedInPortal.secret,
      "signing secret bytes": endpoint.secret.slice(6),
      "basic-auth password": password,
      "basic-auth header": Buffer.from(`acme:${password}`).toString("base64"),
      "portal code": link.code,
      "portal cookie": cookie,
      "portal cookie (decoded)": decodeURIComponent(cookie),
    };
    const found = Object.entries(secrets).filter(([, value]) => log.includes(value)).map(([what]) => what);
    expect(found).toEqual([]);
    // And nothing shaped like a credential, from any spec that ran alongside.
    expect(log).not.toMatch(/nhm_[0-9a-f]{32}|nhk_[a-z]+_[0-9a-f]{32}|whsec_[A-Za-z0-9+/]{20}|Fe26\.2\*/);

    // The CLI's log lines (stderr) never repeat what it printed as the result.
    const cli = await runCli(["token", "create", "--workspace", ws.workspaceId]);
    expect(cli.stderr).not.toContain(JSON.parse(cli.stdout).token);
  } finally {
    await receiver.close();
  }
});
