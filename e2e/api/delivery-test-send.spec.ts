import { Webhook } from "standardwebhooks";
import { db, expect, expectError, newWorkspace, test } from "../support/fixtures";
import { createEndpoint, startReceiver, waitForDelivery } from "../support/delivery";

test.describe("test send (POST /endpoints/{endpointId}/test)", () => {
  test("sends a signed nahook.test event through the pipeline", async ({ ws, mgmt }) => {
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      const res = await mgmt.post(`/endpoints/${endpoint.id}/test`);
      expect(res.status()).toBe(202);
      const { deliveryId } = await res.json();
      expect(deliveryId).toMatch(/^del_/);
      const [got] = await receiver.waitForRequests(1);
      const body = new Webhook(endpoint.secret).verify(got.body, got.headers as Record<string, string>) as Record<string, unknown>;
      expect(body).toMatchObject({ type: "nahook.test", message: expect.any(String) });
      expect(Number.isNaN(Date.parse(String(body.timestamp)))).toBe(false);
      const delivery = await waitForDelivery(deliveryId, (d) => d.status === "delivered");
      expect(delivery.message?.eventType).toBe("nahook.test");
    } finally {
      await receiver.close();
    }
  });

  test("unknown or foreign endpoint 404; disabled endpoint 409", async ({ ws, mgmt }) => {
    const other = await newWorkspace();
    const foreign = await createEndpoint(other, { url: "http://127.0.0.1:9/" });
    await expectError(await mgmt.post(`/endpoints/${foreign.id}/test`), 404, "not_found");
    await expectError(await mgmt.post(`/endpoints/ep_missing/test`), 404, "not_found");
    const paused = await createEndpoint(ws, { url: "http://127.0.0.1:9/", isActive: false });
    await expectError(await mgmt.post(`/endpoints/${paused.id}/test`), 409, "conflict");
    expect(await db.delivery.count({ where: { workspaceId: ws.workspaceId } })).toBe(0);
  });
});
