import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError } from "./errors";
import { rejectUnstorableText } from "./storable-text";

const NUL = "\u0000";

const NUL_MESSAGE = "must not contain NUL characters";
const SURROGATE_MESSAGE = "must not contain unpaired UTF-16 surrogates";

/** rejectUnstorableText must throw a 400 validation_error naming `field`. */
function assertRejected(value: unknown, where: string, field: string, message = NUL_MESSAGE) {
  assert.throws(
    () => rejectUnstorableText(value, where),
    (error: unknown) => {
      assert.ok(error instanceof ApiError, String(error));
      assert.equal(error.code, "validation_error");
      assert.equal(error.status, 400);
      assert.equal(error.message, `${field}: ${message}`);
      assert.deepEqual(error.details, [{ field, message }]);
      return true;
    },
  );
}

describe("rejectUnstorableText", () => {
  test("values without NUL pass, whatever their shape", () => {
    for (const value of [null, undefined, 0, 1.5, true, false, "", "plain", "\u0001\u001f\u2028 é 🚀", "\\u0000", [], {}, [1, "a", null], { a: { b: ["c", { d: "e" }] } }]) {
      assert.doesNotThrow(() => rejectUnstorableText(value, "body"), JSON.stringify(value));
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

  test("an unpaired surrogate, high or low, in a value or a key names the field", () => {
    assertRejected({ name: "a\ud800" }, "body", "name", SURROGATE_MESSAGE);
    assertRejected({ name: "\udc00b" }, "body", "name", SURROGATE_MESSAGE);
    assertRejected({ name: "\ude80\ud83d" }, "body", "name", SURROGATE_MESSAGE); // a pair in the wrong order
    assertRejected({ metadata: { ["k\ud800"]: "v" } }, "body", "metadata", SURROGATE_MESSAGE);
    assertRejected({ tags: ["ok", "\udbff"] }, "query", "tags.1", SURROGATE_MESSAGE);
  });

  test("a deeply nested body does not exhaust the stack", () => {
    let deep: unknown = `bottom${NUL}`;
    for (let i = 0; i < 30_000; i++) deep = { a: deep };
    assert.throws(() => rejectUnstorableText(deep, "body"), ApiError);
    let clean: unknown = "bottom";
    for (let i = 0; i < 30_000; i++) clean = [clean];
    assert.doesNotThrow(() => rejectUnstorableText(clean, "body"));
  });
});
