import { db, expect, plainCredentials, test } from "../support/fixtures";
import { createApp, createAppEndpoint, createEventType, portalLink, seedDelivery } from "../support/portal";

test("hostile input to the portal's routes is a 4xx envelope, never a 5xx, and changes nothing", async ({ playwright, mgmt, ws, baseURL }) => {
  const type = await createEventType(mgmt, "hostile.checked");
  const app = await createApp(mgmt);
  const endpoint = await createAppEndpoint(mgmt, app.id, { url: "https://hostile.example.com/hook" });
  const delivery = await seedDelivery({ workspaceId: ws.workspaceId, endpointId: endpoint.id, eventType: type.name, status: "delivered" });
  const origin = new URL(baseURL!).origin;
  // An API context keeps the session cookie like a browser would.
  const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin } });
  // The exchange is the POST the link's page makes.
  const link = await portalLink(mgmt, app.id, { role: "admin" });
  expect((await client.post(link.url, { headers: { "sec-fetch-site": "same-origin" }, maxRedirects: 0 })).status()).toBe(303);

  const values: unknown[] = [null, true, 0, -1, 1.5, "", " ", "\u0000", "a\u0000b", "x".repeat(3000), "<script>alert(1)</script>", "javascript:alert(1)",
    "file:///etc/passwd", "ftp://files.example.com/x", [], ["a"], {}, { a: 1 }, JSON.parse('{"__proto__":{"polluted":"yes"}}')];
  const createBodies: unknown[] = [];
  const patchBodies: unknown[] = [];
  for (const v of values) {
    createBodies.push({ url: v }, { type: v, url: "https://ok.example.com" }, { url: "https://ok.example.com", description: v }, { url: "https://ok.example.com", eventTypeIds: v }, v);
    patchBodies.push({ url: v }, { description: v }, { isActive: v }, v);
  }
  const raw = ["{", "nul", '{"url":', "\u0000", "[".repeat(10_000)];
  const ep = `/portal/api/endpoints/${endpoint.id}`;
  const before = { endpoints: await db.endpoint.count({ where: { workspaceId: ws.workspaceId } }), row: await db.endpoint.findUniqueOrThrow({ where: { id: endpoint.id } }) };

  const statuses = new Map<string, number>();
  const check = async (label: string, res: { status(): number; json(): Promise<unknown> }) => {
    const status = res.status();
    statuses.set(label, status);
    expect(status, label).toBeLessThan(500);
    if (status >= 400) expect(((await res.json()) as { error: { code: string } }).error.code, label).toEqual(expect.any(String));
  };
  for (const body of createBodies) await check(`POST create ${JSON.stringify(body)?.slice(0, 60)}`, await client.post("/portal/api/endpoints", { data: body as object }));
  for (const body of patchBodies) await check(`PATCH ${JSON.stringify(body)?.slice(0, 60)}`, await client.patch(ep, { data: body as object }));
  for (const text of raw) {
    await check(`raw ${text.slice(0, 10)}`, await client.post("/portal/api/endpoints", { data: Buffer.from(text), headers: { "content-type": "application/json" } }));
  }
  await check("form post", await client.post("/portal/api/endpoints", { form: { url: "https://ok.example.com" } }));
  for (const segment of ["%00", "..%2F..", "x".repeat(300), "%E0%A4%A", "'%20OR%201=1", "%3Cscript%3E"]) {
    await check(`path ${segment}`, await client.patch(`/portal/api/endpoints/${segment}`, { data: { description: "x" } }));
    await check(`retry ${segment}`, await client.post(`/portal/api/deliveries/${segment}/retry`));
    await check(`subscribe ${segment}`, await client.put(`${ep}/subscriptions/${segment}`));
  }
  await check("retry delivered", await client.post(`/portal/api/deliveries/${delivery.id}/retry`));
  expect(statuses.get("retry delivered")).toBe(409);

  // Wrong methods and unknown paths under /portal/api answer in the envelope, as the Management API does.
  for (const [method, path, status, code] of [
    ["GET", "/portal/api/endpoints", 405, "method_not_allowed"],
    ["PUT", ep, 405, "method_not_allowed"],
    ["DELETE", `/portal/api/deliveries/${delivery.id}/payload`, 405, "method_not_allowed"],
    ["GET", "/portal/api/nope", 404, "not_found"],
    ["POST", `${ep}/unknown`, 404, "not_found"],
  ] as const) {
    const res = await client.fetch(path, { method });
    expect(res.status(), `${method} ${path}`).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code, `${method} ${path}`).toBe(code);
    if (status === 405) expect(res.headers().allow, `${method} ${path}`).toBeTruthy();
  }

  // Only well-formed creations may have succeeded (a 201 for a valid body among the hostile ones).
  const created = [...statuses.entries()].filter(([, s]) => s === 201).length;
  expect(await db.endpoint.count({ where: { workspaceId: ws.workspaceId } })).toBe(before.endpoints + created);
  const after = await db.endpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
  // No hostile value became the URL (valid descriptions such as "<script>…" are just text).
  expect(after.url).toBe(before.row.url);
  expect(plainCredentials(after).secret).toBe(plainCredentials(before.row).secret);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  await client.dispose();
});
