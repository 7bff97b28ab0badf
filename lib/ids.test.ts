import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { newId } from "./ids";

describe("newId", () => {
  test("prefix, 10 time characters and 16 random ones, in Crockford base32", () => {
    assert.match(newId("del"), /^del_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  test("distinct across many ids (the random pool is refilled, never reused)", () => {
    const ids = new Set(Array.from({ length: 5_000 }, () => newId("att")));
    assert.equal(ids.size, 5_000);
    const tails = new Set([...ids].map((id) => id.slice(-16)));
    assert.equal(tails.size, 5_000);
  });

  test("ids sort like their creation time", async () => {
    const first = newId("msg");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = newId("msg");
    assert.ok(first.slice(0, 14) < second.slice(0, 14));
  });
});
