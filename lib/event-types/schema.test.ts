import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError } from "@/lib/http/errors";
import { assertMatches, cachedValidator, cacheValidator, canonicalJson, checkSchemaAndExamples, compileSchema, schemaFields, VALIDATION_BUDGET_MS } from "./schema";

const schema = {
  type: "object",
  required: ["id", "lines"],
  properties: {
    id: { type: "string", description: "The id" },
    lines: { type: "array", items: { type: "object", required: ["qty"], properties: { qty: { type: "integer", minimum: 1 } } } },
    kind: { enum: ["a", "b"] },
  },
};

function issueOf(fn: () => void) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ApiError);
    return { message: error.message, details: error.details };
  }
  assert.fail("expected a validation error");
}

describe("event type schemas", () => {
  test("invalid schemas and unresolvable references are 400s naming the field", () => {
    assert.match(issueOf(() => compileSchema({ type: "nope" })).message, /^schema: is not a valid JSON Schema/);
    assert.match(issueOf(() => compileSchema({ $ref: "https://example.com/s.json" })).message, /^schema: .*resolve reference/);
  });

  test("payload errors name the dotted path, including a missing property", () => {
    const validate = compileSchema(schema);
    assert.deepEqual(issueOf(() => assertMatches(validate, { id: "x", lines: [{ qty: 0 }] }, "payload")).details, [{ field: "payload.lines.0.qty", message: "must be >= 1" }]);
    assert.equal(issueOf(() => assertMatches(validate, { lines: [] }, "payload")).message, "payload.id: is required");
    assertMatches(validate, { id: "x", lines: [{ qty: 2 }] }, "payload");
  });

  test("examples are checked against the schema", () => {
    assert.equal(issueOf(() => checkSchemaAndExamples(schema, [{ id: "x", lines: [] }, { id: 1, lines: [] }])).message, "examples.1.id: must be string");
    checkSchemaAndExamples(null, [{ anything: true }]);
  });

  test("validators are cached per event type and version", () => {
    const v1 = cacheValidator("evt_unit", new Date(1), schema);
    assert.equal(cachedValidator("evt_unit", new Date(1)), v1);
    assert.equal(cachedValidator("evt_unit", new Date(2)), null);
  });

  test("the field list follows properties in order, with nested and array paths", () => {
    assert.deepEqual(schemaFields(schema).map((f) => [f.path, f.type, f.required]), [
      ["id", "string", true], ["lines", "array of object", true], ["lines[].qty", "integer", true], ["kind", "enum", false],
    ]);
    assert.equal(schemaFields(schema)[3].notes, 'one of "a", "b"');
    assert.deepEqual(schemaFields("not a schema"), []);
  });

  test("uniqueItems compares by value in one pass: 15,000 objects take milliseconds, duplicates are named", () => {
    const validate = compileSchema({ type: "object", properties: { a: { type: "array", uniqueItems: true } } });
    const items = Array.from({ length: 15_000 }, (_, b) => ({ b, nested: { x: [b, "y"] } }));
    const started = performance.now();
    assertMatches(validate, { a: items }, "payload");
    // Ajv's own pairwise check took over ten seconds here; a generous bound keeps the test steady.
    assert.ok(performance.now() - started < VALIDATION_BUDGET_MS, `took ${performance.now() - started} ms`);
    assert.deepEqual(issueOf(() => assertMatches(validate, { a: [{ x: 1, y: [2] }, 3, { y: [2], x: 1 }] }, "payload")).details, [
      { field: "payload.a", message: "must NOT have duplicate items (items ## 0 and 2 are identical)" },
    ]);
    assert.equal(issueOf(() => assertMatches(validate, { a: [1, 1.0] }, "payload")).details?.[0].field, "payload.a");
    assertMatches(validate, { a: [1, "1", [1], { "1": 1 }, null, true] }, "payload");
    assertMatches(compileSchema({ type: "array", uniqueItems: false }), [1, 1], "payload");
  });

  test("canonical JSON ignores key order and nothing else", () => {
    assert.equal(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null }), '{"a":null,"b":[1,{"c":2,"d":1}]}');
    assert.notEqual(canonicalJson({ a: "1" }), canonicalJson({ a: 1 }));
  });

  test("a validation that cannot finish in its budget is a 400, and the next one runs normally", () => {
    // Each level tries its subtree twice: exponential in the depth of a tiny payload.
    const validate = compileSchema({ type: "array", items: { anyOf: [{ allOf: [{ $ref: "#" }, false] }, { $ref: "#" }] } });
    let deep: unknown = [];
    for (let i = 0; i < 40; i++) deep = [deep];
    const started = performance.now();
    assert.deepEqual(issueOf(() => assertMatches(validate, deep, "payload")).details, [
      { field: "payload", message: `could not be validated within ${VALIDATION_BUDGET_MS} ms against the event type's schema` },
    ]);
    assert.ok(performance.now() - started < VALIDATION_BUDGET_MS * 4);
    assertMatches(validate, [[], [[]]], "payload");
  });

  test("schemas that recurse without end, or are asynchronous, are refused when saved", () => {
    assert.equal(issueOf(() => checkSchemaAndExamples({ $ref: "#" }, undefined)).message, "schema: refers to itself without end or takes too long to evaluate");
    assert.equal(issueOf(() => checkSchemaAndExamples({ $async: true, type: "object" }, undefined)).message, "schema: must not be asynchronous ($async)");
    assert.match(issueOf(() => checkSchemaAndExamples({ properties: { a: { $ref: "#/properties/a" } } }, undefined)).message, /^schema: is nested too deeply/);
    // Recursion that only a payload reaches is a 400 for that payload, not a crash.
    const validate = compileSchema({ if: { required: ["a"] }, then: { $ref: "#" } });
    assertMatches(validate, { b: 1 }, "payload");
    assert.equal(issueOf(() => assertMatches(validate, { a: 1 }, "payload")).message, "payload: could not be validated: the event type's schema refers to itself without end");
    // A recursive schema that consumes the payload is fine.
    checkSchemaAndExamples({ type: "object", properties: { children: { type: "array", items: { $ref: "#" } } } }, [{ children: [{ children: [] }] }]);
  });

  test("properties named like Object's own are the payload's", () => {
    const validate = compileSchema({ type: "object", properties: { toString: { type: "string" }, constructor: { type: "string" } } });
    assertMatches(validate, { a: 1 }, "payload");
    assert.equal(issueOf(() => assertMatches(validate, { toString: 1 }, "payload")).message, "payload.toString: must be string");
  });
});
