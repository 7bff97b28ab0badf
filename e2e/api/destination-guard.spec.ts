import { expect, test } from "../support/fixtures";

// The private-address guard itself (classification, URL forms, refusal with the production
// default) is unit-tested beside its code: lib/net/private-address.test.ts and
// lib/endpoints/destination.test.ts. The test server runs with NAHOOK_ALLOW_PRIVATE_NETWORKS=true
// (its receivers live on loopback); this checks that the server honours that setting.
test.describe("destination guard", () => {
  test("with NAHOOK_ALLOW_PRIVATE_NETWORKS=true, private destinations are accepted", async ({ mgmt }) => {
    for (const url of ["http://127.0.0.1:8080/x", "http://localhost/hook", "http://10.0.0.5/x"]) {
      const res = await mgmt.post("/endpoints", { url });
      expect(res.status(), url).toBe(201);
      expect((await res.json()).url).toBe(url);
    }
  });

  test("the URL rules still apply", async ({ mgmt }) => {
    for (const url of ["ftp://127.0.0.1/x", "http://user:pass@127.0.0.1/x", "not a url"]) {
      const res = await mgmt.post("/endpoints", { url });
      expect(res.status(), url).toBe(400);
      expect((await res.json()).error.code).toBe("validation_error");
    }
  });
});
