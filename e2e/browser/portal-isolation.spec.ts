import { db, expect, plainCredentials, managementClient, newWorkspace, test } from "../support/fixtures";
import { createApp, createAppEndpoint, createEventType, portalCall, seedDelivery, signIn } from "../support/portal";

test("another application's ids are 404 everywhere, in pages and in calls", async ({ page, mgmt, ws, baseURL, request }) => {
  const type = await createEventType(mgmt, "user.created");
  const mine = await createApp(mgmt, { name: "Mine" });
  const theirs = await createApp(mgmt, { name: "Theirs" });
  const theirEndpoint = await createAppEndpoint(mgmt, theirs.id, { url: "https://theirs.example.com/hook" });
  const theirDelivery = await seedDelivery({ workspaceId: ws.workspaceId, endpointId: theirEndpoint.id, eventType: type.name, status: "failed", attempts: [{ status: "failed", code: 503 }] });
  // An endpoint of the workspace that belongs to no application at all (operator-level).
  const bare = await mgmt.post("/endpoints", { url: "https://bare.example.com/hook" });
  expect(bare.status()).toBe(201);
  const bareId = (await bare.json()).id as string;
  // And one in another workspace.
  const foreignMgmt = managementClient(request, await newWorkspace("pro"));
  const foreignApp = await createApp(foreignMgmt);
  const foreignEndpoint = await createAppEndpoint(foreignMgmt, foreignApp.id, { url: "https://foreign.example.com/hook" });

  await signIn(page, mgmt, mine.id, "admin");
  await expect(page.getByRole("heading", { name: "No endpoints yet" })).toBeVisible();

  for (const id of [theirEndpoint.id, bareId, foreignEndpoint.id]) {
    for (const path of [`/portal/endpoints/${id}`, `/portal/endpoints/${id}/edit`, `/portal/endpoints/${id}/deliveries`]) {
      const res = await page.goto(path);
      expect(res!.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    }
  }
  expect((await page.goto(`/portal/deliveries/${theirDelivery.id}`))!.status()).toBe(404);
  await page.goto("/portal/deliveries");
  await expect(page.getByRole("heading", { name: "No deliveries yet" })).toBeVisible();

  const call = portalCall(page, baseURL!);
  const ep = `/portal/api/endpoints/${theirEndpoint.id}`;
  const attempts = [
    () => call.patch(ep, { description: "hijacked" }),
    () => call.delete(ep),
    () => call.post(`${ep}/secret`),
    () => call.post(`${ep}/secret/rotate`),
    () => call.post(`${ep}/test`),
    () => call.put(`${ep}/subscriptions/${type.id}`),
    () => call.post(`/portal/api/deliveries/${theirDelivery.id}/retry`),
    () => call.patch(`/portal/api/endpoints/${foreignEndpoint.id}`, { description: "hijacked" }),
    () => call.post(`/portal/api/endpoints/${bareId}/secret`),
  ];
  for (const attempt of attempts) {
    const res = await attempt();
    expect(res.status()).toBe(404);
    expect((await res.json()).error.code).toBe("not_found");
  }
  const after = plainCredentials(await db.endpoint.findUniqueOrThrow({ where: { id: theirEndpoint.id }, include: { subscriptions: true } }));
  expect(after).toMatchObject({ description: null, secret: theirEndpoint.secret, previousSecret: null, subscriptions: [] });
  expect((await db.delivery.findUniqueOrThrow({ where: { id: theirDelivery.id } })).status).toBe("failed");
  expect(await db.delivery.count({ where: { endpointId: theirEndpoint.id } })).toBe(1);

  // Malformed ids in calls are a clean 400, not a crash.
  const bad = await call.patch("/portal/api/endpoints/..%2Fetc", { description: "x" });
  expect([400, 404]).toContain(bad.status());
});
