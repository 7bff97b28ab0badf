import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, test } from "node:test";
import { Webhook } from "standardwebhooks";
import conformance from "./fixtures/signature-vectors.json";
import { signatureHeader, signPayload } from "./signing";

// Standard Webhooks conformance vectors: the official Nahook Node SDK's published test vectors
// (the fixture's "source" field says exactly where they come from).
const { vectors } = conformance;
const SECRET = vectors[0].secret;
const OTHER_SECRET = "whsec_b2xkX3NlY3JldF9vbGRfc2VjcmV0X29sZA==";
const SIGNATURE = /^v1,[A-Za-z0-9+/]{43}=$/; // base64 of a 32-byte HMAC-SHA256

describe("signPayload (Standard Webhooks)", () => {
  test("the fixture names its source and holds the SDK's vectors", () => {
    assert.match(conformance.source, /official Nahook Node SDK's published test vectors/);
    assert.ok(vectors.length >= 3);
    assert.ok(vectors.some((v) => v.payload === ""), "an empty payload");
    assert.ok(vectors.some((v) => /[^\x00-\x7f]/.test(v.payload)), "a non-ASCII payload");
  });

  for (const v of vectors) {
    test(`conformance: ${v.description}`, () => {
      assert.equal(signPayload(v.secret, v.msgId, v.timestamp, v.payload), v.expectedSignature);
      // Timestamps are numbers in the worker and strings in headers: both sign the same.
      assert.equal(signPayload(v.secret, v.msgId, Number(v.timestamp), v.payload), v.expectedSignature);
      // The reference implementation agrees with the vector.
      assert.equal(new Webhook(v.secret).sign(v.msgId, new Date(Number(v.timestamp) * 1000), v.payload), v.expectedSignature);
    });
  }

  test("the key is the base64 payload of the secret: with or without the whsec_ prefix", () => {
    const v = vectors[0];
    assert.equal(signPayload(v.secret.slice("whsec_".length), v.msgId, v.timestamp, v.payload), v.expectedSignature);
    const key = Buffer.from(v.secret.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key).update(`${v.msgId}.${v.timestamp}.${v.payload}`).digest("base64");
    assert.equal(v.expectedSignature, `v1,${expected}`);
  });

  test("every signed part matters", () => {
    const v = vectors[0];
    const signature = v.expectedSignature;
    assert.notEqual(signPayload(OTHER_SECRET, v.msgId, v.timestamp, v.payload), signature);
    assert.notEqual(signPayload(v.secret, `${v.msgId}x`, v.timestamp, v.payload), signature);
    assert.notEqual(signPayload(v.secret, v.msgId, Number(v.timestamp) + 1, v.payload), signature);
    assert.notEqual(signPayload(v.secret, v.msgId, v.timestamp, `${v.payload} `), signature);
  });

  test("format: v1, and the base64 of 32 bytes", () => {
    for (const v of vectors) assert.match(v.expectedSignature, SIGNATURE);
    assert.match(signPayload(OTHER_SECRET, "msg_1", 1, "{}"), SIGNATURE);
  });

  test("a fresh signature verifies with the standardwebhooks package", () => {
    const body = JSON.stringify({ name: "café", price: "€9.99", emoji: "🚀" });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { "webhook-id": "msg_fresh", "webhook-timestamp": String(timestamp), "webhook-signature": signPayload(SECRET, "msg_fresh", timestamp, body) };
    assert.deepEqual(new Webhook(SECRET).verify(body, headers), JSON.parse(body));
    assert.throws(() => new Webhook(OTHER_SECRET).verify(body, headers));
    assert.throws(() => new Webhook(SECRET).verify(`${body} `, headers));
  });
});

describe("signatureHeader (secret rotation)", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  const sign = (secret: string) => signPayload(secret, "msg_1", 1712345678, "{}");
  const header = (previousSecret: string | null, previousSecretExpiresAt: Date | null, at = now) =>
    signatureHeader({ secret: SECRET, previousSecret, previousSecretExpiresAt }, "msg_1", 1712345678, "{}", at);

  test("no previous secret: one signature", () => {
    assert.equal(header(null, null), sign(SECRET));
  });

  test("during the grace period both secrets sign, the current one first, space-separated", () => {
    assert.equal(header(OTHER_SECRET, new Date(now + 1000)), `${sign(SECRET)} ${sign(OTHER_SECRET)}`);
  });

  test("from the moment the grace period ends only the current secret signs", () => {
    assert.equal(header(OTHER_SECRET, new Date(now)), sign(SECRET));
    assert.equal(header(OTHER_SECRET, new Date(now - 1000)), sign(SECRET));
    assert.equal(header(OTHER_SECRET, new Date(now + 1000), now + 2000), sign(SECRET));
  });

  test("a previous secret without an expiry, or an expiry without a secret, adds nothing", () => {
    assert.equal(header(OTHER_SECRET, null), sign(SECRET));
    assert.equal(header(null, new Date(now + 1000)), sign(SECRET));
  });

  test("receivers on either secret accept a header sent during the grace period", () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"after":"rotation"}';
    const signature = signatureHeader({ secret: SECRET, previousSecret: OTHER_SECRET, previousSecretExpiresAt: new Date(Date.now() + 60_000) }, "msg_2", timestamp, body);
    const headers = { "webhook-id": "msg_2", "webhook-timestamp": String(timestamp), "webhook-signature": signature };
    assert.deepEqual(new Webhook(SECRET).verify(body, headers), { after: "rotation" });
    assert.deepEqual(new Webhook(OTHER_SECRET).verify(body, headers), { after: "rotation" });
    assert.throws(() => new Webhook("whsec_" + Buffer.from("some other secret of 32 bytes!!!").toString("base64")).verify(body, headers));
  });
});
