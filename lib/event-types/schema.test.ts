import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError } from "@/lib/http/errors";
import { assertMatches, cachedValidator, cacheValidator, checkSchemaAndExamples, compileSchema, schemaFields } from "./schema";

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
});
