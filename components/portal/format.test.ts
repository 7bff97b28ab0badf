import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hoursInWords } from "./format";

describe("hoursInWords", () => {
  test("whole days as days, anything else as hours", () => {
    assert.equal(hoursInWords(120), "5 days");
    assert.equal(hoursInWords(24), "1 day");
    assert.equal(hoursInWords(36), "36 hours");
    assert.equal(hoursInWords(1), "1 hour");
    assert.equal(hoursInWords(12), "12 hours");
  });
});
