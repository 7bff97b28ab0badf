import { newId } from "@/lib/ids";
import { db, expect, expectError, managementClient, newWorkspace, test, type ManagementClient, type Workspace } from "../support/fixtures";

/** Deliveries come from the engine; these specs insert rows to test the read API alone. */
async function seed(ws: Workspace, mgmt: ManagementClient) {
  const ep = await (await mgmt.post("/endpoints", { url: "https://example.com/h" })).json();
  const base = Date.now() - 60_000;
  const message = async (payload: string | null) =>
    db.message.create({ data: { id: newId("msg"), workspaceId: ws.workspaceId, environmentId: ws.environmentId, eventType: "order.created", payload, payloadSize: payload?.length ?? 0 } });
  const m1 = await message(JSON.stringify({ orderId: 1, note: "héllo" }));
  const m2 = await message(null);
  const m3 = await message(JSON.stringify({ orderId: 3 }));
  const row = (id: string, messageId: string, status: "delivered" | "failed" | "pending", offset: number, attempts: number) => ({
    id, messageId, status, workspaceId: ws.workspaceId, environmentId: ws.environmentId, endpointId: ep.id,
    idempotencyKey: `key-${id}`, totalAttempts: attempts, createdAt: new Date(base + offset),
    deliveredAt: status === "delivered" ? new Date(base + offset + 10) : null,
    nextAttemptAt: status === "failed" ? new Date(base + 3_600_000) : null,
  });
  const ids = { d1: newId("del"), d2: newId("del"), d3: newId("del") };
  await db.delivery.createMany({ data: [row(ids.d1, m1.id, "delivered", 0, 1), row(ids.d2, m2.id, "failed", 1000, 3), row(ids.d3, m3.id, "pending", 2000, 0)] });
  await db.attempt.createMany({
    data: [
      { id: newId("att"), deliveryId: ids.d1, attemptNumber: 1, status: "success", url: ep.url, responseStatusCode: 200, responseTimeMs: 12 },
      ...[502, 500, 503].map((code, i) => ({ id: newId("att"), deliveryId: ids.d2, attemptNumber: i + 1, status: "failed", url: ep.url, responseStatusCode: code, responseTimeMs: 30, errorMessage: `HTTP ${code}` })),
    ],
  });
  return { ep, ...ids };
}

test.describe("deliveries read API (D1–D3)", () => {
  test("list newest first with an opaque cursor", async ({ ws, mgmt }) => {
    const { ep, d1, d2, d3 } = await seed(ws, mgmt);
    const first = await (await mgmt.get(`/endpoints/${ep.id}/deliveries?limit=2`)).json();
    expect(first.deliveries.map((d: { id: string }) => d.id)).toEqual([d3, d2]);
    expect(typeof first.nextCursor).toBe("string");
    expect(first.nextCursor.startsWith("del_")).toBe(false);
    const second = await (await mgmt.get(`/endpoints/${ep.id}/deliveries?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)).json();
    expect(second.deliveries.map((d: { id: string }) => d.id)).toEqual([d1]);
    expect(second.nextCursor).toBeNull();
    expect(second.deliveries[0]).toMatchObject({ endpointId: ep.id, status: "delivered", totalAttempts: 1, hasPayload: true, eventType: "order.created", nextRetryAt: null });
  });

  test("status filter, limits and cursor tampering", async ({ ws, mgmt }) => {
    const { ep, d2 } = await seed(ws, mgmt);
    const failed = await (await mgmt.get(`/endpoints/${ep.id}/deliveries?status=failed`)).json();
    expect(failed.deliveries).toHaveLength(1);
    expect(failed.deliveries[0]).toMatchObject({ id: d2, status: "failed", totalAttempts: 3, hasPayload: false });
    expect(failed.deliveries[0].nextRetryAt).not.toBeNull();

    await expectError(await mgmt.get(`/endpoints/${ep.id}/deliveries?status=lost`), 400, "validation_error");
    await expectError(await mgmt.get(`/endpoints/${ep.id}/deliveries?limit=101`), 400, "validation_error");
    await expectError(await mgmt.get(`/endpoints/${ep.id}/deliveries?limit=0`), 400, "validation_error");
    expect((await mgmt.get(`/endpoints/${ep.id}/deliveries?limit=100`)).status()).toBe(200);

    const page = await (await mgmt.get(`/endpoints/${ep.id}/deliveries?limit=1`)).json();
    const tampered = page.nextCursor.slice(0, -2) + (page.nextCursor.endsWith("A") ? "BB" : "AA");
    await expectError(await mgmt.get(`/endpoints/${ep.id}/deliveries?cursor=${tampered}`), 400, "invalid_cursor");
    await expectError(await mgmt.get(`/endpoints/${ep.id}/deliveries?cursor=${d2}`), 400, "invalid_cursor");
    // A cursor belongs to its list: the same cursor with a different filter is refused.
    await expectError(await mgmt.get(`/endpoints/${ep.id}/deliveries?status=failed&cursor=${page.nextCursor}`), 400, "invalid_cursor");
  });

  test("only the last 7 days are visible", async ({ ws, mgmt }) => {
    const { ep, d1 } = await seed(ws, mgmt);
    await db.delivery.update({ where: { id: d1 }, data: { createdAt: new Date(Date.now() - 8 * 86_400_000) } });
    const list = await (await mgmt.get(`/endpoints/${ep.id}/deliveries`)).json();
    expect(list.deliveries.map((d: { id: string }) => d.id)).not.toContain(d1);
    await expectError(await mgmt.get(`/deliveries/${d1}`), 404, "not_found");
  });

  test("get with and without the payload envelope", async ({ ws, mgmt }) => {
    const { ep, d1, d2, d3 } = await seed(ws, mgmt);
    const plain = await (await mgmt.get(`/deliveries/${d1}`)).json();
    expect(plain).toMatchObject({ id: d1, endpointId: ep.id, status: "delivered", hasPayload: true });
    expect("payload" in plain).toBe(false);
    expect((await (await mgmt.get(`/deliveries/${d1}?include=payload`)).json()).payload).toEqual({ status: "available", data: { orderId: 1, note: "héllo" }, contentType: "application/json" });
    expect((await (await mgmt.get(`/deliveries/${d2}?include=payload`)).json()).payload).toEqual({ status: "not_found" });
    expect((await (await mgmt.get(`/deliveries/${d3}?include=payload`)).json()).payload.status).toBe("available");
    await expectError(await mgmt.get(`/deliveries/${d1}?include=everything`), 400, "validation_error");
    await expectError(await mgmt.get(`/deliveries/del_does_not_exist_anywhere`), 404, "not_found");

    await db.workspace.update({ where: { id: ws.workspaceId }, data: { plan: "free" } });
    expect((await (await mgmt.get(`/deliveries/${d1}?include=payload`)).json()).payload).toEqual({ status: "forbidden" });
  });

  test("attempts oldest first", async ({ ws, mgmt }) => {
    const { d2, d3 } = await seed(ws, mgmt);
    const attempts = await (await mgmt.get(`/deliveries/${d2}/attempts`)).json();
    expect(attempts.map((a: { attemptNumber: number }) => a.attemptNumber)).toEqual([1, 2, 3]);
    expect(attempts[0]).toMatchObject({ status: "failed", responseStatusCode: 502, responseTimeMs: 30, errorMessage: "HTTP 502" });
    expect(await (await mgmt.get(`/deliveries/${d3}/attempts`)).json()).toEqual([]);
  });

  test("another workspace's deliveries are 404", async ({ request, ws, mgmt }) => {
    const { ep, d1 } = await seed(ws, mgmt);
    const other = managementClient(request, await newWorkspace());
    await expectError(await other.get(`/deliveries/${d1}`), 404, "not_found");
    await expectError(await other.get(`/deliveries/${d1}/attempts`), 404, "not_found");
    await expectError(await other.get(`/endpoints/${ep.id}/deliveries`), 404, "not_found");
  });
});
