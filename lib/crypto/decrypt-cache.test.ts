import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { memoizeDecrypt } from "./decrypt-cache";

describe("memoizeDecrypt", () => {
  const counting = () => {
    const calls: string[] = [];
    const decrypt = (stored: string) => {
      calls.push(stored);
      if (stored === "bad") throw new Error("tampered");
      return `plain(${stored})`;
    };
    return { calls, decrypt };
  };

  test("decrypts a stored value once, then answers from memory", () => {
    const { calls, decrypt } = counting();
    const cached = memoizeDecrypt(decrypt);
    assert.equal(cached("a"), "plain(a)");
    assert.equal(cached("a"), "plain(a)");
    assert.equal(cached("b"), "plain(b)");
    assert.deepEqual(calls, ["a", "b"]);
  });

  test("a failed decryption throws every time and is not remembered", () => {
    const { calls, decrypt } = counting();
    const cached = memoizeDecrypt(decrypt);
    assert.throws(() => cached("bad"), /tampered/);
    assert.throws(() => cached("bad"), /tampered/);
    assert.deepEqual(calls, ["bad", "bad"]);
  });

  test("holds at most `max` values, evicting the least recently used", () => {
    const { calls, decrypt } = counting();
    const cached = memoizeDecrypt(decrypt, 2);
    cached("a");
    cached("b");
    cached("a"); // a is now the most recent
    cached("c"); // evicts b
    assert.deepEqual(calls, ["a", "b", "c"]);
    cached("a");
    cached("c");
    assert.equal(calls.length, 3);
    cached("b");
    assert.deepEqual(calls, ["a", "b", "c", "b"]);
  });
});
