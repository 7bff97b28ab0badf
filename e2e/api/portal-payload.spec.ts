import { performance } from "node:perf_hooks";
import { db, expect, expectError, managementClient, newWorkspace, test } from "../support/fixtures";
import { createApp, createAppEndpoint, portalApiSession, seedDelivery } from "../support/portal";

/**
 * A delivery page must stay small and quick whatever payload a producer sent — including
 * payloads stored before ingestion refused deep nesting. Worst case near the 256 KiB body
 * limit: 1,500 levels, each with a wide array and a string, then a wide array and a long string.
 */
function worstCase(): string {
  let inner = `{"wide":[${Array.from({ length: 20_000 }, (_, i) => i % 10).join(",")}],"long":"${"y".repeat(90_000)}"}`;
  for (let i = 0; i < 1_500; i++) inner = `{"k":[0,1,2,3,4,5,6,7,8,9],"s":"abcdefghij","n":${inner}}`;
  return inner;
}

const SHAPES: Record<string, string> = {
  "worst case (deep + wide + long)": worstCase(),
  "1,500 levels deep": '{"a":'.repeat(1_500) + "1" + "}".repeat(1_500),
  "60,000-element array": JSON.stringify({ items: Array.from({ length: 60_000 }, (_, i) => i % 10) }),
  "250 KB string": JSON.stringify({ s: "x".repeat(250_000) }),
  "600 levels of objects and arrays": (() => { let t = '"leaf"'; for (let i = 0; i < 300; i++) t = `{"level${i}":[${t},{"x":[1,2,3]}]}`; return t; })(),
};

test.describe("portal payload rendering stays bounded", () => {
  test.describe.configure({ timeout: 180_000 });

  test("hostile payloads: page size and render time, once rendered, with a download of the whole payload", async ({ ws, mgmt, playwright, baseURL }) => {
    const app = await createApp(mgmt);
    const endpoint = await createAppEndpoint(mgmt, app.id, { url: "https://example.com/hook" });
    const portal = await portalApiSession(playwright, baseURL!, mgmt, app.id, "viewer");
    const measured: string[] = [];
    for (const [name, stored] of Object.entries(SHAPES)) {
      expect(Buffer.byteLength(stored), name).toBeLessThanOrEqual(256 * 1024);
      const delivery = await seedDelivery({ workspaceId: ws.workspaceId, endpointId: endpoint.id, eventType: "order.created", rawPayload: stored, status: "delivered" });
      for (const rsc of [false, true]) {
        const started = performance.now();
        const res = await portal.get(`/portal/deliveries/${delivery.id}`, { headers: rsc ? { rsc: "1" } : {} });
        const body = await res.body();
        const ms = performance.now() - started;
        expect(res.status(), name).toBe(200);
        // Bounded: a few tens of KB of payload text plus the page itself (the old page was 1.17 GB).
        expect(body.length, `${name}${rsc ? " (RSC)" : ""}`).toBeLessThan(256 * 1024);
        measured.push(`${name}${rsc ? " [RSC]" : ""}: ${(body.length / 1024).toFixed(0)} KB in ${ms.toFixed(0)} ms`);
      }
      const html = await (await portal.get(`/portal/deliveries/${delivery.id}`)).text();
      expect(html, name).toContain(stored.length > 16 * 1024 ? "Large payload" : "Shown as sent");
      expect(html).toContain(`/portal/api/deliveries/${delivery.id}/payload`);
      // The payload appears once in the markup (the copy button reads it from the page or the download).
      expect(html.split('data-testid="payload"').length - 1).toBe(1);

      const download = await portal.get(`/portal/api/deliveries/${delivery.id}/payload`);
      expect(download.status()).toBe(200);
      expect(download.headers()["content-type"]).toBe("application/json; charset=utf-8");
      expect(download.headers()["content-disposition"]).toBe(`attachment; filename="${delivery.id}.json"`);
      expect(download.headers()["cache-control"]).toBe("no-store");
      expect(await download.text()).toBe(stored);
    }
    console.log(`portal delivery page with hostile payloads:\n  ${measured.join("\n  ")}`);
    test.info().annotations.push({ type: "measured", description: measured.join("; ") });
    await portal.dispose();
  });

  test("small payloads are pretty-printed; the download is scoped like the page", async ({ ws, mgmt, playwright, baseURL, request }) => {
    const app = await createApp(mgmt);
    const endpoint = await createAppEndpoint(mgmt, app.id, { url: "https://example.com/hook" });
    const delivery = await seedDelivery({ workspaceId: ws.workspaceId, endpointId: endpoint.id, eventType: "order.created", payload: { orderId: "ord_1", lines: [1, 2] }, status: "delivered" });
    const viewer = await portalApiSession(playwright, baseURL!, mgmt, app.id, "viewer");
    const html = await (await viewer.get(`/portal/deliveries/${delivery.id}`)).text();
    expect(html).toContain("&quot;orderId&quot;: &quot;ord_1&quot;");
    expect(html).not.toContain("Large payload");
    expect(await (await viewer.get(`/portal/api/deliveries/${delivery.id}/payload`)).text()).toBe('{"orderId":"ord_1","lines":[1,2]}');

    // Another application's session, another workspace's, and no session at all.
    const otherApp = await createApp(mgmt);
    const sameWorkspace = await portalApiSession(playwright, baseURL!, mgmt, otherApp.id, "admin");
    await expectError(await sameWorkspace.get(`/portal/api/deliveries/${delivery.id}/payload`), 404, "not_found");
    const otherMgmt = managementClient(request, await newWorkspace("pro"));
    const foreign = await portalApiSession(playwright, baseURL!, otherMgmt, (await createApp(otherMgmt)).id, "admin");
    await expectError(await foreign.get(`/portal/api/deliveries/${delivery.id}/payload`), 404, "not_found");
    await expectError(await request.get(`/portal/api/deliveries/${delivery.id}/payload`), 401, "unauthorized");

    // A purged payload has nothing to download.
    await db.message.update({ where: { id: delivery.messageId }, data: { payload: null } });
    await expectError(await viewer.get(`/portal/api/deliveries/${delivery.id}/payload`), 404, "not_found");
    for (const ctx of [viewer, sameWorkspace, foreign]) await ctx.dispose();
  });
});
