import { Webhook } from "standardwebhooks";
import { signPayload } from "@/lib/delivery/signing";
import { db, expect, expectError, newWorkspace, test, managementClient } from "../support/fixtures";
import { createEndpoint, ingestClient, startReceiver, waitForDelivery } from "../support/delivery";

// signPayload and signatureHeader are unit-tested against the Standard Webhooks conformance
// vectors in lib/delivery/signing.test.ts; these specs check what receivers actually get.
test.describe("signing (Standard Webhooks, spec §11)", () => {
  test("delivered requests verify with the standardwebhooks package; HTTP Basic auth is sent", async ({ request, ws }) => {
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url, authUsername: "user", authPassword: "pä:ss" });
      const payload = { name: "café", price: "€9.99", emoji: "🚀" };
      await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload });
      const [got] = await receiver.waitForRequests(1);
      expect(new Webhook(endpoint.secret).verify(got.body, got.headers as Record<string, string>)).toEqual(payload);
      expect(got.headers.authorization).toBe(`Basic ${Buffer.from("user:pä:ss").toString("base64")}`);
      expect(got.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    } finally {
      await receiver.close();
    }
  });

  test("secret rotation: new secret returned once, both signatures during the grace period, audited", async ({ request, ws, mgmt }) => {
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      const res = await mgmt.post(`/endpoints/${endpoint.id}/secret/rotate`);
      expect(res.status()).toBe(200);
      const rotated = await res.json();
      expect(rotated.secret).toMatch(/^whsec_/);
      expect(rotated.secret).not.toBe(endpoint.secret);
      const grace = new Date(rotated.previousSecretExpiresAt).getTime() - Date.now();
      expect(grace).toBeGreaterThan(23 * 3600_000);
      expect(grace).toBeLessThanOrEqual(24 * 3600_000);

      await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: { after: "rotation" } });
      const [got] = await receiver.waitForRequests(1);
      const signatures = String(got.headers["webhook-signature"]).split(" ");
      expect(signatures).toHaveLength(2);
      const headers = got.headers as Record<string, string>;
      // Receivers on either secret accept it.
      expect(new Webhook(rotated.secret).verify(got.body, headers)).toEqual({ after: "rotation" });
      expect(new Webhook(endpoint.secret).verify(got.body, headers)).toEqual({ after: "rotation" });
      expect(signatures[0]).toBe(signPayload(rotated.secret, headers["webhook-id"], headers["webhook-timestamp"], got.body));

      // Once the grace period is over, only the new secret signs.
      await db.endpoint.update({ where: { id: endpoint.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1000) } });
      const second = await (await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: { n: 2 } })).json();
      await waitForDelivery(second.deliveryId, (d) => d.status === "delivered");
      const last = receiver.requests[1];
      expect(String(last.headers["webhook-signature"]).split(" ")).toHaveLength(1);
      expect(() => new Webhook(endpoint.secret).verify(last.body, last.headers as Record<string, string>)).toThrow();
      expect(new Webhook(rotated.secret).verify(last.body, last.headers as Record<string, string>)).toEqual({ n: 2 });

      const audit = await db.auditLog.findFirst({ where: { workspaceId: ws.workspaceId, action: "endpoint.secret_rotated" } });
      expect(audit).toMatchObject({ resourceType: "endpoint", resourceId: endpoint.id, actorType: "management_token" });
      expect(JSON.stringify(audit)).not.toContain(rotated.secret);
    } finally {
      await receiver.close();
    }
  });

  test("rotation: unknown or foreign endpoint is 404; auth required", async ({ request, mgmt, ws }) => {
    const other = await newWorkspace();
    const foreign = await createEndpoint(other, { url: "http://127.0.0.1:9/" });
    await expectError(await mgmt.post(`/endpoints/${foreign.id}/secret/rotate`), 404, "not_found");
    await expectError(await mgmt.post("/endpoints/ep_missing/secret/rotate"), 404, "not_found");
    await expectError(await request.post(`/management/v1/workspaces/${ws.workspaceId}/endpoints/ep_x/secret/rotate`), 401, "unauthorized");
    const theirs = managementClient(request, other);
    expect((await theirs.post(`/endpoints/${foreign.id}/secret/rotate`)).status()).toBe(200);
  });
});
