import { expect, expectError, test } from "../support/fixtures";
import { createEndpoint, ingestClient, startReceiver, waitForDelivery } from "../support/delivery";

// What a user sees while an attempt is at the receiver (the worker holds it under a lease), and
// that the answer ends it.

test("an attempt at the receiver is `delivering` in get, list and status filters; its answer records it", async ({ request, ws, mgmt }) => {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const receiver = await startReceiver(async (_req, res) => {
    await held;
    res.end("ok");
  });
  try {
    const endpoint = await createEndpoint(ws, { url: receiver.url });
    const accepted = await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload: { n: 1 } });
    expect(accepted.status()).toBe(202);
    const { deliveryId } = await accepted.json();
    await receiver.waitForRequests(1);

    const inFlight = await (await mgmt.get(`/deliveries/${deliveryId}`)).json();
    expect(inFlight).toMatchObject({ id: deliveryId, status: "delivering", totalAttempts: 0, nextRetryAt: null });
    const list = (query: string) => mgmt.get(`/endpoints/${endpoint.id}/deliveries${query}`).then((r) => r.json());
    expect((await list("")).deliveries.map((d: { status: string }) => d.status)).toEqual(["delivering"]);
    expect((await list("?status=delivering")).deliveries.map((d: { id: string }) => d.id)).toEqual([deliveryId]);
    expect((await list("?status=pending")).deliveries).toEqual([]);
    // Only failed or dead-lettered deliveries can be retried by hand.
    await expectError(await mgmt.post(`/deliveries/${deliveryId}/retry`), 409, "conflict");

    release();
    await waitForDelivery(deliveryId, (d) => d.status === "delivered");
    await expect.poll(async () => (await (await mgmt.get(`/deliveries/${deliveryId}`)).json()).status).toBe("delivered");
    expect((await list("?status=delivering")).deliveries).toEqual([]);
    expect((await list("?status=delivered")).deliveries.map((d: { id: string }) => d.id)).toEqual([deliveryId]);
    const attempts = await (await mgmt.get(`/deliveries/${deliveryId}/attempts`)).json();
    expect(attempts.map((a: { status: string; responseStatusCode: number }) => [a.status, a.responseStatusCode])).toEqual([["success", 200]]);
  } finally {
    release();
    await receiver.close();
  }
});
