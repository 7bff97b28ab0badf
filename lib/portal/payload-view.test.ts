import assert from "node:assert/strict";
import { test } from "node:test";
import { INLINE_MAX_CHARS, payloadView } from "./payload-view";

const deepText = (levels: number) => '{"a":'.repeat(levels) + "1" + "}".repeat(levels);

test("small, shallow payloads are pretty-printed", () => {
  assert.deepEqual(payloadView('{"a":[1,2]}'), { text: '{\n  "a": [\n    1,\n    2\n  ]\n}', pretty: true, truncated: false, bytes: 11 });
});

test("deep payloads are shown as stored; large ones are cut, never pretty", () => {
  assert.deepEqual(payloadView(deepText(40)), { text: deepText(40), pretty: false, truncated: false, bytes: deepText(40).length });
  for (const stored of [
    `{"d":${deepText(1500)},"pad":"${"p".repeat(200_000)}"}`,
    JSON.stringify({ items: Array.from({ length: 60_000 }, (_, i) => i % 10) }),
    JSON.stringify({ s: "x".repeat(250_000) }),
  ]) {
    const view = payloadView(stored);
    assert.equal(view.pretty, false);
    assert.equal(view.truncated, true);
    assert.ok(view.text.length <= INLINE_MAX_CHARS);
    assert.ok(stored.startsWith(view.text));
  }
});

test("a cut never splits a surrogate pair", () => {
  const stored = JSON.stringify({ s: "🔥".repeat(20_000) });
  const view = payloadView(stored);
  const last = view.text.charCodeAt(view.text.length - 1);
  assert.ok(!(last >= 0xd800 && last <= 0xdbff));
});
