import { expect, expectError, test } from "../support/fixtures";

const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));

// Exact boundaries of the metadata rules shared by applications and endpoints (≤ 5 keys,
// keys ≤ 50 characters, values ≤ 500 characters, string values only).
const cases: { name: string; metadata: unknown; ok: boolean; field?: string }[] = [
  { name: "0 keys", metadata: {}, ok: true },
  { name: "5 keys", metadata: keys(5), ok: true },
  { name: "6 keys", metadata: keys(6), ok: false, field: "metadata" },
  { name: "50-char key", metadata: { ["k".repeat(50)]: "v" }, ok: true },
  { name: "51-char key", metadata: { ["k".repeat(51)]: "v" }, ok: false, field: "metadata" },
  { name: "500-char value", metadata: { k: "v".repeat(500) }, ok: true },
  { name: "501-char value", metadata: { k: "v".repeat(501) }, ok: false, field: "metadata.k" },
  { name: "number value", metadata: { k: 1 }, ok: false, field: "metadata.k" },
  { name: "nested value", metadata: { k: { nested: "x" } }, ok: false, field: "metadata.k" },
  { name: "null value", metadata: { k: null }, ok: false, field: "metadata.k" },
  { name: "array", metadata: ["a"], ok: false, field: "metadata" },
  { name: "string", metadata: "a=b", ok: false, field: "metadata" },
  { name: "unicode key and value", metadata: { "clé-😀": "välue ✓" }, ok: true },
];

for (const resource of ["applications", "endpoints"] as const) {
  test.describe(`${resource} metadata limits`, () => {
    for (const c of cases) {
      test(`${c.name} → ${c.ok ? "accepted" : "400"}`, async ({ mgmt }) => {
        const body = resource === "applications" ? { name: "x", metadata: c.metadata } : { url: "https://example.com/h", metadata: c.metadata };
        const res = await mgmt.post(`/${resource}`, body);
        if (c.ok) {
          expect(res.status()).toBe(201);
          expect((await res.json()).metadata).toEqual(c.metadata);
        } else {
          const error = await expectError(res, 400, "validation_error");
          expect(error.message).toContain(c.field!);
        }
      });
    }
  });
}
