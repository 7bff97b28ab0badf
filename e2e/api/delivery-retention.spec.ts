import { purgeExpired } from "@/lib/delivery/retention";
import { db, expect, test } from "../support/fixtures";
import { createEndpoint, ingestClient, startReceiver, waitForDelivery } from "../support/delivery";

const DAY = 86_400_000;

test.describe("retention", () => {
  test("payloads, then deliveries with their attempts and messages, are purged after the window", async ({ request, ws, mgmt }) => {
    const receiver = await startReceiver((_req, res) => {
      res.statusCode = 500;
      res.end();
    });
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      const ingest = ingestClient(request, ws.ingestionKey);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await (await ingest.send(endpoint.id, { payload: { i } })).json()).deliveryId);
      const [old, payloadOnly, fresh] = ids;
      for (const id of ids) await waitForDelivery(id, (d) => d.status === "dead_letter");

      const backdate = async (id: string, days: number) => {
        const at = new Date(Date.now() - days * DAY);
        const d = await db.delivery.update({ where: { id }, data: { createdAt: at } });
        await db.message.update({ where: { id: d.messageId }, data: { createdAt: at } });
        return d.messageId;
      };
      const oldMessage = await backdate(old, 8);
      const payloadOnlyMessage = await backdate(payloadOnly, 3);

      // Payloads kept 2 days, history 7 days (the default).
      const totals = await purgeExpired({ payloadRetentionMs: 2 * DAY });
      expect(totals.deliveries).toBeGreaterThanOrEqual(1);
      expect(await db.delivery.findUnique({ where: { id: old } })).toBeNull();
      expect(await db.attempt.count({ where: { deliveryId: old } })).toBe(0);
      expect(await db.message.findUnique({ where: { id: oldMessage } })).toBeNull();

      const kept = await db.message.findUniqueOrThrow({ where: { id: payloadOnlyMessage } });
      expect(kept.payload).toBeNull();
      expect(kept.payloadSize).toBeGreaterThan(0);
      expect(await db.attempt.count({ where: { deliveryId: payloadOnly } })).toBe(4);
      const intact = await db.delivery.findUniqueOrThrow({ where: { id: fresh }, include: { message: true } });
      expect(intact.message.payload).toBe(JSON.stringify({ i: 2 }));

      // Without its payload a delivery can no longer be retried.
      const error = await mgmt.post(`/deliveries/${payloadOnly}/retry`);
      expect(error.status()).toBe(409);
      expect((await error.json()).error.message).toMatch(/payload/);
    } finally {
      await receiver.close();
    }
  });
});
