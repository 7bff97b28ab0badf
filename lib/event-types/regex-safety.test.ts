import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError } from "@/lib/http/errors";
import { assertSafePatterns, PATTERN_LIMITS, schemaPatterns } from "./regex-safety";

async function refusal(schema: unknown) {
  try {
    await assertSafePatterns(schema);
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, "validation_error");
    return { message: error.message, details: error.details };
  }
  assert.fail("expected the schema to be refused");
}

describe("regular expressions in event type schemas", () => {
  test("finds pattern values and patternProperties keys at any depth, but not inside data keywords", () => {
    const schema = {
      type: "object",
      patternProperties: { "^x-": { type: "string" } },
      properties: {
        sku: { type: "string", pattern: "^[A-Z]{3}-\\d+$" },
        lines: { type: "array", items: { anyOf: [{ pattern: "^a" }, { type: "number" }] } },
        pattern: { type: "string" },
        kind: { enum: [{ pattern: "data, not a schema" }], default: { pattern: "also data" } },
      },
    };
    assert.deepEqual(schemaPatterns(schema), [
      { field: "schema.patternProperties.^x-", source: "^x-" },
      { field: "schema.properties.sku.pattern", source: "^[A-Z]{3}-\\d+$" },
      { field: "schema.properties.lines.items.anyOf.0.pattern", source: "^a" },
    ]);
  });

  test("safe patterns pass", async () => {
    await assertSafePatterns({ properties: { email: { type: "string", pattern: "^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$" }, id: { pattern: "^ord_[A-Za-z0-9]{1,64}$" } } });
    await assertSafePatterns({ type: "object" });
  });

  test("exponential and polynomial backtracking are 400s naming the pattern", async () => {
    const nested = await refusal({ properties: { name: { type: "string", pattern: "^(a+)+$" } } });
    assert.match(nested.message, /^schema\.properties\.name\.pattern: can take exponential time/);
    assert.deepEqual(nested.details?.map((d) => d.field), ["schema.properties.name.pattern"]);
    assert.match((await refusal({ patternProperties: { "(a|a)*b": {} } })).message, /^schema\.patternProperties\.\(a\|a\)\*b: can take exponential time/);
    assert.match((await refusal({ items: { pattern: "\\d+\\d+$" } })).message, /^schema\.items\.pattern: can take polynomial time/);
  });

  test("too many or too long patterns are refused before any analysis", async () => {
    const many = { properties: Object.fromEntries(Array.from({ length: PATTERN_LIMITS.patterns + 1 }, (_, i) => [`p${i}`, { pattern: "^a$" }])) };
    assert.match((await refusal(many)).message, /^schema: must contain at most 50 regular expressions/);
    assert.match((await refusal({ pattern: "a".repeat(PATTERN_LIMITS.length + 1) })).message, /^schema\.pattern: must be at most 1000 characters/);
  });
});
