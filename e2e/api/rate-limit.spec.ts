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
