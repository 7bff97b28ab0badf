import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hoursInWords, shortId } from "./format";

describe("hoursInWords", () => {
  test("whole days as days, anything else as hours", () => {
    assert.equal(hoursInWords(120), "5 days");
    assert.equal(hoursInWords(24), "1 day");
    assert.equal(hoursInWords(36), "36 hours");
    assert.equal(hoursInWords(1), "1 hour");
    assert.equal(hoursInWords(12), "12 hours");
  });
});

describe("shortId", () => {
  test("keeps the kind and the distinguishing end of a long id; short ids stay whole", () => {
    assert.equal(shortId("del_01m8kwtf5q2x9c7r3t3"), "del_…c7r3t3");
    assert.notEqual(shortId("del_01m8kwtf5q2x9c7aaaa"), shortId("del_01m8kwtf5q2x9c7bbbb"));
    assert.equal(shortId("del_short"), "del_short");
    assert.equal(shortId("noprefix0123456789"), "…456789");
  });
});
