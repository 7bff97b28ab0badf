import { expect, test, db } from "../support/fixtures";
import { createEndpoint, createEventType, ingestClient, startReceiver, subscribe, waitForDelivery } from "../support/delivery";

interface SlackBlock {
  type: string;
  text?: { type: string; text: string };
  elements?: { type: string; text: string }[];
}

test.describe("Slack endpoints", () => {
  test("an event is posted as a Slack message (text + blocks), unsigned, to config.webhookUrl", async ({ request, ws }) => {
    const receiver = await startReceiver();
    try {
      const webhookUrl = `${receiver.url}/services/T000/B000/XXXX`;
      const endpoint = await createEndpoint(ws, { type: "slack", url: webhookUrl, config: { webhookUrl } });
      const type = await createEventType(ws, "invoice.paid");
      await subscribe(endpoint.id, type.id);
      const payload = { invoice: "inv_1", amount: 1200, customer: { name: "Acme" } };
      const { deliveryIds } = await (await ingestClient(request, ws.ingestionKey).trigger("invoice.paid", { payload })).json();
      const [got] = await receiver.waitForRequests(1);
      expect(got.path).toBe("/services/T000/B000/XXXX");
      expect(got.headers["content-type"]).toBe("application/json");
      expect(got.headers["webhook-signature"]).toBeUndefined();
      expect(got.headers["webhook-id"]).toBeUndefined();
      const message = JSON.parse(got.body) as { text: string; blocks: SlackBlock[] };
      expect(message.text).toContain("invoice.paid");
      expect(message.blocks[0]).toMatchObject({ type: "header", text: { type: "plain_text", text: "invoice.paid" } });
      const section = message.blocks.find((b) => b.type === "section")!;
      expect(section.text!.type).toBe("mrkdwn");
      expect(section.text!.text.startsWith("```")).toBe(true);
      expect(JSON.parse(section.text!.text.slice(3, -3))).toEqual(payload);
      expect(JSON.stringify(message.blocks)).toContain("msg_");
      await waitForDelivery(deliveryIds[0], (d) => d.status === "delivered");
    } finally {
      await receiver.close();
    }
  });

  test("a large payload is truncated within Slack's limits", async ({ request, ws }) => {
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(ws, { type: "slack", url: receiver.url, config: { webhookUrl: receiver.url } });
      const payload = { rows: Array.from({ length: 2000 }, (_, i) => ({ i, text: "```lorem ipsum```" })) };
      await ingestClient(request, ws.ingestionKey).send(endpoint.id, { payload });
      const [got] = await receiver.waitForRequests(1);
      const message = JSON.parse(got.body) as { text: string; blocks: SlackBlock[] };
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      for (const block of message.blocks) {
        if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(block.type === "header" ? 150 : 3000);
      }
      const section = message.blocks.find((b) => b.type === "section")!.text!.text;
      expect(section).toContain("(truncated)");
      expect(section.endsWith("```")).toBe(true);
      expect(section.slice(3, -3)).not.toContain("```");
    } finally {
      await receiver.close();
    }
  });

  test("the test event reads that the integration works", async ({ ws, mgmt }) => {
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(ws, { type: "slack", url: receiver.url, config: { webhookUrl: receiver.url } });
      expect((await mgmt.post(`/endpoints/${endpoint.id}/test`)).status()).toBe(202);
      const [got] = await receiver.waitForRequests(1);
      expect(JSON.parse(got.body).text).toMatch(/Slack integration works/);
    } finally {
      await receiver.close();
    }
  });

  test("404 channel_not_found disables the endpoint; 429 Retry-After is honoured", async ({ request, ws }) => {
    const gone = await startReceiver((_req, res) => {
      res.statusCode = 404;
      res.end("channel_not_found");
    });
    const busy = await startReceiver((_req, res, index) => {
      if (index === 0) {
        res.writeHead(429, { "retry-after": "2" });
        res.end("rate_limited");
      } else res.end("ok");
    });
    try {
      const a = await createEndpoint(ws, { type: "slack", url: gone.url, config: { webhookUrl: gone.url } });
      const b = await createEndpoint(ws, { type: "slack", url: busy.url, config: { webhookUrl: busy.url } });
      const ingest = ingestClient(request, ws.ingestionKey);
      const first = await (await ingest.send(a.id, { payload: {} })).json();
      const second = await (await ingest.send(b.id, { payload: {} })).json();
      await waitForDelivery(first.deliveryId, (d) => d.status === "failed");
      expect(await db.endpoint.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ isActive: false, disabledReason: "gone" });
      const delivered = await waitForDelivery(second.deliveryId, (d) => d.status === "delivered");
      expect(delivered.totalAttempts).toBe(2);
      expect(busy.requests[1].at - busy.requests[0].at).toBeGreaterThanOrEqual(1_900);
    } finally {
      await gone.close();
      await busy.close();
    }
  });
});
