import assert from "node:assert/strict";
import { test } from "node:test";
import { jsonDepthExceeds } from "./depth";

test("nesting is counted over objects and arrays, not brackets inside strings", () => {
  assert.equal(jsonDepthExceeds('{"a":[1,{"b":2}]}', 3), false);
  assert.equal(jsonDepthExceeds('{"a":[1,{"b":2}]}', 2), true);
  assert.equal(jsonDepthExceeds('{"s":"[[[[{{{{"}', 1), false);
  assert.equal(jsonDepthExceeds('{"s":"\\"[[[["}', 1), false); // an escaped quote does not end the string
  assert.equal(jsonDepthExceeds("1", 0), false);
});

test("hostile depths are found in one pass, without recursion", () => {
  const deep = "[".repeat(1_000_000) + "]".repeat(1_000_000);
  assert.equal(jsonDepthExceeds(deep, 64), true);
  assert.equal(jsonDepthExceeds(`{"a":${"[".repeat(64)}${"]".repeat(64)}}`, 64), true);
  assert.equal(jsonDepthExceeds(`{"a":${"[".repeat(63)}${"]".repeat(63)}}`, 64), false);
});
