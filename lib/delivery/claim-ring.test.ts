import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { claimRing, passes } from "./claim-ring";

describe("claim ring", () => {
  test("a walk passes the ids after its start up to its end, wrapping round", () => {
    assert.equal(passes("b", "d", "c"), true);
    assert.equal(passes("b", "d", "d"), true);
    assert.equal(passes("b", "d", "b"), false, "the start itself was walked by the claim before");
    assert.equal(passes("b", "d", "e"), false);
    // Wrapped: after "x" to the end, then from the first id up to "c".
    assert.equal(passes("x", "c", "y"), true);
    assert.equal(passes("x", "c", "a"), true);
    assert.equal(passes("x", "c", "m"), false);
    assert.equal(passes("", "m", "a"), true);
  });

  test("a walk that saw every endpoint with due deliveries leaves the wait to the usual wakes", () => {
    const ring = claimRing();
    assert.equal(ring.walked("m", false, 10), false);
    assert.equal(ring.cursor, "m");
  });

  test("a walk cut short claims again at once, from where it stopped", () => {
    const ring = claimRing();
    assert.equal(ring.walked("e", true, 50), true);
    assert.equal(ring.cursor, "e");
    assert.equal(ring.walked("k", true, 3), true);
    assert.equal(ring.cursor, "k");
  });

  test("empty walks cut short go on until they have come round once", () => {
    const ring = claimRing();
    ring.walked("c", true, 5); // from "" to "c": deliveries
    assert.equal(ring.walked("f", true, 0), true, "nothing after c up to f: go on");
    assert.equal(ring.walked("t", true, 0), true, "nor up to t");
    assert.equal(ring.walked("b", true, 0), true, "wrapped, not yet back at c");
    assert.equal(ring.walked("e", true, 0), false, "back past c: everything was looked at");
    // A claim that finds something starts a new round.
    assert.equal(ring.walked("h", true, 2), true);
    assert.equal(ring.walked("k", true, 0), true);
  });
});
