import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { describe, test } from "node:test";
import { config } from "@/lib/config";
import { attachNodeBody, readJsonBody } from "./body";
import { ApiError } from "./errors";

/** A request as the node:http fast path hands it over: no web body, the node stream attached. */
function nodeRequest(headers: Record<string, string> = { "content-type": "application/json" }) {
  const stream = new PassThrough();
  const request = new Request("http://localhost/api/ingest/ep_x", { method: "POST", headers });
  attachNodeBody(request, stream as unknown as IncomingMessage);
  return { request, stream };
}

const rejectsWith = (promise: Promise<unknown>, code: string, message?: RegExp) =>
  assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  });

describe("readJsonBody from node's request stream", () => {
  test("reads the body in chunks, only when asked", async () => {
    const { request, stream } = nodeRequest();
    stream.write('{"payload":');
    const body = readJsonBody(request);
    stream.end('{"n":1}}');
    assert.deepEqual(await body, { payload: { n: 1 } });
  });

  test("an empty body reads as {}", async () => {
    const { request, stream } = nodeRequest();
    stream.end();
    assert.deepEqual(await readJsonBody(request), {});
  });

  test("past the cap: 413, and the rest is left unread", async () => {
    const { request, stream } = nodeRequest();
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const body = readJsonBody(request);
    for (let sent = 0; sent <= config().maxBodyBytes; sent += chunk.length) stream.write(chunk);
    await rejectsWith(body, "payload_too_large");
    assert.equal(stream.readableEnded, false);
    assert.equal(stream.isPaused(), true);
  });

  test("a sender that hangs up mid-body: 400, not a server error", async () => {
    const { request, stream } = nodeRequest();
    const body = readJsonBody(request);
    stream.write('{"payload":{"n"');
    stream.destroy();
    await rejectsWith(body, "bad_request", /ended before it was complete/);
  });

  test("bytes that are not UTF-8: 400", async () => {
    const { request, stream } = nodeRequest();
    stream.end(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    await rejectsWith(readJsonBody(request), "bad_request", /not valid UTF-8/);
  });

  test("the content type is still checked", async () => {
    const { request, stream } = nodeRequest({ "content-type": "text/plain" });
    stream.end('{"a":1}');
    await rejectsWith(readJsonBody(request), "unsupported_media_type");
  });
});
