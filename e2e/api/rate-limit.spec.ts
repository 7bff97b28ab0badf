import { expect, expectError, newWorkspace, test } from "../support/fixtures";

test.describe("Management API rate limit", () => {
  test("authenticated responses carry X-RateLimit-* headers, counting down per token", async ({ mgmt }) => {
    const first = await mgmt.get("/environments");
    const second = await mgmt.get("/environments");
    const h1 = first.headers();
    const h2 = second.headers();
    expect(h1["x-ratelimit-limit"]).toBe("1000");
    expect(Number(h2["x-ratelimit-remaining"])).toBe(Number(h1["x-ratelimit-remaining"]) - 1);
    const reset = Number(h1["x-ratelimit-reset"]);
    expect(Number.isInteger(reset)).toBe(true);
    expect(reset * 1000).toBeGreaterThan(Date.now());
    expect(reset * 1000).toBeLessThanOrEqual(Date.now() + 61_000);
    // Errors after authentication count and carry the headers too.
    const invalid = await mgmt.post("/environments", { slug: "NOPE" });
    expect(invalid.status()).toBe(400);
    expect(invalid.headers()["x-ratelimit-remaining"]).toBe(String(Number(h2["x-ratelimit-remaining"]) - 1));
  });

  test("beyond the limit: 429 rate_limited with an integer Retry-After; other tokens unaffected", async ({ request, ws, mgmt }) => {
    const path = `/management/v1/workspaces/${ws.workspaceId}/environments`;
    const headers = { authorization: `Bearer ${ws.managementToken}`, "x-nahook-test-rate-limit": "3" };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await request.get(path, { headers })).status());
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await request.get(path, { headers });
    await expectError(limited, 429, "rate_limited");
    const h = limited.headers();
    expect(h["retry-after"]).toMatch(/^\d+$/);
    expect(Number(h["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(h["retry-after"])).toBeLessThanOrEqual(60);
    expect(h["x-ratelimit-limit"]).toBe("3");
    expect(h["x-ratelimit-remaining"]).toBe("0");
    // A refused request changes nothing.
    await expectError(await request.post(path, { headers, data: { name: "Late", slug: "late" } }), 429, "rate_limited");
    expect((await mgmt.get("/environments").then((r) => r.json())).map((e: { slug: string }) => e.slug)).toEqual(["production"]);

    const other = await newWorkspace("free");
    const res = await request.get(`/management/v1/workspaces/${other.workspaceId}/environments`, { headers: { authorization: `Bearer ${other.managementToken}`, "x-nahook-test-rate-limit": "3" } });
    expect(res.status()).toBe(200);
  });

  test("unauthenticated answers carry no rate-limit headers", async ({ request, ws }) => {
    const res = await request.get(`/management/v1/workspaces/${ws.workspaceId}/environments`);
    expect(res.status()).toBe(401);
    expect(res.headers()["x-ratelimit-limit"]).toBeUndefined();
  });
});

test.describe("Ingestion API rate limit (per ingestion key)", () => {
  test("every authenticated answer carries X-RateLimit-*; beyond the limit 429 rate_limited with Retry-After, nothing stored", async ({ request, ws }) => {
    const { startReceiver, createEndpoint } = await import("../support/delivery");
    const { db } = await import("../support/fixtures");
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(ws, { url: receiver.url });
      const headers = { authorization: `Bearer ${ws.ingestionKey}`, "x-nahook-test-rate-limit": "3" };
      const first = await request.post(`/api/ingest/${endpoint.id}`, { headers, data: { payload: { n: 1 } } });
      expect(first.status()).toBe(202);
      expect(first.headers()["x-ratelimit-limit"]).toBe("3");
      expect(first.headers()["x-ratelimit-remaining"]).toBe("2");
      expect(Number(first.headers()["x-ratelimit-reset"]) * 1000).toBeGreaterThan(Date.now());
      // A validation error after authentication counts and carries the headers too.
      const invalid = await request.post(`/api/ingest/${endpoint.id}`, { headers, data: { payload: [] } });
      expect(invalid.status()).toBe(400);
      expect(invalid.headers()["x-ratelimit-remaining"]).toBe("1");
      expect((await request.post(`/api/ingest/${endpoint.id}`, { headers, data: { payload: { n: 3 } } })).status()).toBe(202);
      const limited = await request.post(`/api/ingest/${endpoint.id}`, { headers, data: { payload: { n: 4 } } });
      await expectError(limited, 429, "rate_limited");
      expect(limited.headers()["retry-after"]).toMatch(/^\d+$/);
      expect(limited.headers()["x-ratelimit-remaining"]).toBe("0");
      expect(await db.delivery.count({ where: { endpointId: endpoint.id } })).toBe(2);
      // Unauthenticated answers carry none.
      const anonymous = await request.post(`/api/ingest/${endpoint.id}`, { data: { payload: {} } });
      expect(anonymous.status()).toBe(401);
      expect(anonymous.headers()["x-ratelimit-limit"]).toBeUndefined();
    } finally {
      await receiver.close();
    }
  });

  test("far from its limit a key is counted in the process and reaches the shared counter within moments; a total used up elsewhere is enforced", async ({ request, ws }) => {
    const { createEndpoint, ingestClient, waitUntil } = await import("../support/delivery");
    const { db } = await import("../support/fixtures");
    const endpoint = await createEndpoint(ws, { url: "http://127.0.0.1:9/" });
    const ingest = ingestClient(request, ws.ingestionKey);
    let limit = 0;
    for (let i = 0; i < 5; i++) {
      const res = await ingest.send(endpoint.id, { payload: { n: i } });
      expect(res.status()).toBe(202);
      limit = Number(res.headers()["x-ratelimit-limit"]);
      // Each web process answers from the shared total it knows plus its own counts.
      const remaining = Number(res.headers()["x-ratelimit-remaining"]);
      expect(remaining).toBeLessThanOrEqual(limit - 1);
      expect(remaining).toBeGreaterThanOrEqual(limit - 5);
    }
    const key = await db.ingestionKey.findFirstOrThrow({ where: { workspaceId: ws.workspaceId } });
    const shared = async () => (await db.$queryRaw<{ count: number }[]>`SELECT count FROM rate_limit_windows WHERE key = ${`ingest:${key.id}`}`)[0]?.count ?? 0;
    await waitUntil(async () => (await shared()) === 5, 15_000, "the five requests in the shared counter");
    // Other web processes used the window up: this one learns it from its next flush and refuses.
    await db.$executeRaw`UPDATE rate_limit_windows SET count = ${limit} WHERE key = ${`ingest:${key.id}`}`;
    let limited: Awaited<ReturnType<typeof ingest.send>> | undefined;
    await waitUntil(async () => (limited = await ingest.send(endpoint.id, { payload: {} })).status() === 429, 15_000, "the used-up window to be enforced");
    await expectError(limited!, 429, "rate_limited");
    expect(limited!.headers()["retry-after"]).toMatch(/^\d+$/);
    expect(limited!.headers()["x-ratelimit-remaining"]).toBe("0");
  });

  test("counters live in the database, so every web process shares one limit", async ({ mgmt, ws }) => {
    const { db } = await import("../support/fixtures");
    await mgmt.get("/environments");
    await mgmt.get("/environments");
    const token = await db.managementToken.findFirstOrThrow({ where: { workspaceId: ws.workspaceId } });
    const rows = await db.$queryRaw<{ count: number }[]>`SELECT count FROM rate_limit_windows WHERE key = ${`mgmt:${token.id}`}`;
    expect(rows[0]?.count).toBeGreaterThanOrEqual(2);
  });
});
