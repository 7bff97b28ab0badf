import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { renderSlackMessage, slackGone } from "./slack";

const createdAt = new Date("2026-01-02T03:04:05.678Z");
const render = (payload: string, eventType: string | null = "order.created") => renderSlackMessage({ eventType, messageId: "msg_1", payload, createdAt });

type Block = { type: string; text?: { type: string; text: string; emoji?: boolean }; elements?: { type: string; text: string }[] };
const blocks = (message: ReturnType<typeof render>) => message.blocks as Block[];
const section = (message: ReturnType<typeof render>) => blocks(message).filter((b) => b.type === "section").at(-1)!.text!.text;

describe("renderSlackMessage", () => {
  test("an event: fallback text, header, the payload as pretty JSON in a code block, message id and time", () => {
    const message = render('{"orderId":42,"items":["a"]}');
    assert.equal(message.text, "Nahook event: order.created");
    assert.deepEqual(message.blocks, [
      { type: "header", text: { type: "plain_text", text: "order.created", emoji: false } },
      { type: "section", text: { type: "mrkdwn", text: '```{\n  "orderId": 42,\n  "items": [\n    "a"\n  ]\n}```' } },
      { type: "context", elements: [{ type: "mrkdwn", text: "Message `msg_1` · 2026-01-02T03:04:05.678Z" }] },
    ]);
  });

  test("no event type: called a webhook", () => {
    const message = render("{}", null);
    assert.equal(message.text, "Nahook event: webhook");
    assert.equal(blocks(message)[0].text!.text, "webhook");
  });

  test("the test event says the integration works", () => {
    const message = render('{"test":true}', "nahook.test");
    assert.equal(message.text, "Nahook test event: your Slack integration works.");
    assert.deepEqual(
      blocks(message).map((b) => b.type),
      ["header", "section", "section", "context"],
    );
    assert.equal(blocks(message)[0].text!.text, "Nahook test event");
    assert.equal(blocks(message)[1].text!.text, "Your Slack integration works.");
  });

  test("a payload that is not JSON is shown as it is", () => {
    assert.equal(section(render("plain <text> & *stars*")), "```plain <text> & *stars*```");
    assert.equal(section(render("")), "``````");
  });

  test("JSON too long to pretty-print within 3000 characters is shown compact", () => {
    const payload = JSON.stringify({ items: Array.from({ length: 150 }, (_, i) => ({ i })) });
    assert.ok(JSON.stringify(JSON.parse(payload), null, 2).length > 3000 && payload.length < 2994, "fixture sizes");
    assert.equal(section(render(payload)), "```" + payload + "```");
  });

  test("a payload beyond the limit is cut to exactly 3000 characters with a marker, fences intact", () => {
    const text = section(render(JSON.stringify({ big: "x".repeat(10_000) })));
    assert.equal(text.length, 3000);
    assert.ok(text.startsWith('```{"big":"xxx'));
    assert.ok(text.endsWith("… (truncated)```"));
  });

  test("backtick fences inside the payload cannot close the code block", () => {
    const inner = section(render('before ``` middle ``` after')).slice(3, -3);
    assert.equal(inner, "before `\u200b`\u200b` middle `\u200b`\u200b` after");
    assert.ok(!inner.includes("```"));
  });

  test("nor can a run of four or more backticks", () => {
    for (const payload of ["a ```` b", "`".repeat(7)]) assert.ok(!section(render(payload)).slice(3, -3).includes("```"), payload);
  });

  test("a long event type is cut to Slack's 150-character header limit", () => {
    const header = blocks(render("{}", "e".repeat(400)))[0].text!.text;
    assert.equal(header.length, 150);
    assert.ok(header.endsWith("… (truncated)"));
    assert.equal(blocks(render("{}", "e".repeat(150)))[0].text!.text, "e".repeat(150));
  });

  test("stays within Slack's limits whatever the input", () => {
    for (const payload of ["{}", "x".repeat(50_000), JSON.stringify({ a: "`".repeat(5000) }), "```".repeat(2000)]) {
      const message = render(payload, "t".repeat(1000));
      assert.ok(message.blocks.length <= 50);
      for (const block of blocks(message)) {
        if (block.type === "header") assert.ok(block.text!.text.length <= 150);
        if (block.type === "section") assert.ok(block.text!.text.length <= 3000);
      }
      assert.doesNotThrow(() => JSON.stringify(message));
    }
  });
});

describe("slackGone", () => {
  test("404 (webhook or channel deleted) and 410 (channel archived) mean the endpoint can never succeed", () => {
    assert.equal(slackGone(404), true);
    assert.equal(slackGone(410), true);
  });

  test("anything else may still succeed later", () => {
    for (const code of [null, 200, 400, 403, 429, 500, 502, 503]) assert.equal(slackGone(code), false, String(code));
  });
});

describe("bounded work for hostile payloads", () => {
  const deepText = (levels: number) => '{"a":'.repeat(levels) + "1" + "}".repeat(levels);
  const HOSTILE = {
    deep: `{"d":${deepText(1500)},"pad":"${"p".repeat(200_000)}"}`,
    wide: JSON.stringify({ items: Array.from({ length: 60_000 }, (_, i) => i % 10) }),
    longString: JSON.stringify({ s: "x".repeat(250_000) }),
    wideObjects: JSON.stringify({ rows: Array.from({ length: 12_000 }, () => ({ a: [1, { b: [] }] })) }),
  };

  test("nothing longer than a section is ever parsed, and every section stays within Slack's limit", () => {
    const parse = JSON.parse;
    const parsed: number[] = [];
    JSON.parse = ((text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) => {
      parsed.push(text.length);
      return parse(text, reviver);
    }) as typeof JSON.parse;
    try {
      for (const [name, payload] of Object.entries(HOSTILE)) {
        const message = renderSlackMessage({ eventType: "order.created", messageId: "msg_1", payload, createdAt: new Date() });
        const texts = message.blocks.flatMap((b) => ("text" in b && b.text ? [b.text.text] : []));
        for (const text of texts) assert.ok(text.length <= 3000, name);
        assert.match(texts.join(""), /truncated/, name);
      }
    } finally {
      JSON.parse = parse;
    }
    assert.ok(Math.max(0, ...parsed) <= 3000, `parsed ${Math.max(...parsed)} characters`);
  });

  test("a small but deep payload is shown compact rather than pretty", () => {
    const message = renderSlackMessage({ eventType: "x", messageId: "msg_2", payload: deepText(30), createdAt: new Date() });
    assert.ok(JSON.stringify(message).includes(deepText(30).replace(/"/g, '\\"')));
  });
});
