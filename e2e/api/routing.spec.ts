import { expect, expectError, test } from "../support/fixtures";

test.describe("API routing answers in the envelope", () => {
  test("unknown paths are JSON 404s", async ({ request, mgmt }) => {
    await expectError(await mgmt.get("/no-such-collection"), 404, "not_found");
    await expectError(await request.get("/management/v1/unknown"), 404, "not_found");
    await expectError(await request.get(`${mgmt.base}/applications/app_1/endpoints/extra/segments`), 404, "not_found");
  });

  test("wrong methods are 405 with an Allow header", async ({ request, mgmt }) => {
    const res = await request.put(`${mgmt.base}/applications`, { data: {} });
    await expectError(res, 405, "method_not_allowed");
    expect(res.headers()["allow"]).toBe("GET, HEAD, POST");
    await expectError(await request.post(`${mgmt.base}/deliveries/del_1/attempts`), 405, "method_not_allowed");
  });

  test("routes that exist still authenticate first", async ({ request, mgmt }) => {
    await expectError(await request.get(`${mgmt.base}/applications`), 401, "unauthorized");
  });
});

// That every route file under app/management is in the operation registry (which the proxy's
// 404/405 answers come from) is checked without a server in lib/http/route-table.test.ts.
