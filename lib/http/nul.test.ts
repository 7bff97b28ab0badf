import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError } from "./errors";
import { rejectNul } from "./nul";

const NUL = "\u0000";

/** rejectNul must throw a 400 validation_error naming `field`. */
function assertRejected(value: unknown, where: string, field: string) {
  assert.throws(
    () => rejectNul(value, where),
    (error: unknown) => {
      assert.ok(error instanceof ApiError, String(error));
      assert.equal(error.code, "validation_error");
      assert.equal(error.status, 400);
      assert.equal(error.message, `${field}: must not contain NUL characters`);
      assert.deepEqual(error.details, [{ field, message: "must not contain NUL characters" }]);
      return true;
    },
  );
}

describe("rejectNul", () => {
  test("values without NUL pass, whatever their shape", () => {
    for (const value of [null, undefined, 0, 1.5, true, false, "", "plain", "\u0001\u001f\u2028 é 🚀", "\\u0000", [], {}, [1, "a", null], { a: { b: ["c", { d: "e" }] } }]) {
      assert.doesNotThrow(() => rejectNul(value, "body"), JSON.stringify(value));
    }
  });

  test("a NUL in a string value names the field, without the body./query. prefix", () => {
    assertRejected({ name: `a${NUL}b` }, "body", "name");
    assertRejected({ name: NUL }, "body", "name");
    assertRejected({ metadata: { customerId: `x${NUL}` } }, "body", "metadata.customerId");
    assertRejected({ status: `failed${NUL}` }, "query", "status");
  });

  test("in arrays the index is part of the field", () => {
    assertRejected({ eventTypeIds: ["evt_1", `evt_${NUL}`] }, "body", "eventTypeIds.1");
    assertRejected({ a: [{ b: [NUL] }] }, "body", "a.0.b.0");
  });

  test("a NUL in a key names the object that holds it", () => {
    assertRejected({ metadata: { [`k${NUL}`]: "v" } }, "body", "metadata");
    assertRejected({ [NUL]: 1 }, "body", "body");
  });

  test("a bare string input is named by where it came from", () => {
    assertRejected(`x${NUL}`, "body", "body");
    assertRejected(`x${NUL}`, "config", "config");
  });

  test("a deeply nested body does not exhaust the stack", () => {
    let deep: unknown = `bottom${NUL}`;
    for (let i = 0; i < 30_000; i++) deep = { a: deep };
    assert.throws(() => rejectNul(deep, "body"), ApiError);
    let clean: unknown = "bottom";
    for (let i = 0; i < 30_000; i++) clean = [clean];
    assert.doesNotThrow(() => rejectNul(clean, "body"));
  });
});
