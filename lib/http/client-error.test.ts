import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { describe, test } from "node:test";
import { answerClientError } from "./client-error";

/** Sends raw bytes to a server that uses answerClientError and returns what came back. */
async function exchange(raw: string | Buffer): Promise<string> {
  const server = http.createServer((_req, res) => res.end("handled")).on("clientError", answerClientError);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  try {
    return await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = net.connect(port, "127.0.0.1", () => socket.end(raw));
      socket.on("data", (c) => chunks.push(c)).on("end", () => resolve(Buffer.concat(chunks).toString())).on("error", reject);
    });
  } finally {
    server.close();
  }
}

const envelopeOf = (response: string) => JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4));

describe("answerClientError", () => {
  test("an unknown method is a 400 in the envelope", async () => {
    const response = await exchange("FOO / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert.match(response, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.deepEqual(envelopeOf(response), { error: { code: "bad_request", message: "The request is not valid HTTP/1.1" } });
  });

  test("oversized headers are a 431 in the envelope", async () => {
    const response = await exchange(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    assert.match(response, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    assert.equal(envelopeOf(response).error.code, "bad_request");
  });

  test("well-formed requests still reach the handler", async () => {
    assert.match(await exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), /\r\n\r\nhandled$/);
  });
});
