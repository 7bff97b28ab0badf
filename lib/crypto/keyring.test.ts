import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { config, reloadConfig } from "@/lib/config";
import { ensureEncryptionKey, prependKeyToFile } from "./key-file";
import { decryptCredential, encryptCredential, keyId, keyring, parseKey, storedKeyId } from "./keyring";

const KEY_A = Buffer.alloc(32, 1).toString("base64");
const KEY_B = Buffer.alloc(32, 2).toString("hex");
const none = { NAHOOK_ENCRYPTION_KEY: undefined, NAHOOK_ENCRYPTION_KEYS_OLD: undefined, NAHOOK_ENCRYPTION_KEY_FILE: undefined };

describe("keyring", () => {
  test("AES-256-GCM with the key id in the value; a fresh IV every time", () => {
    reloadConfig({ ...none, NAHOOK_ENCRYPTION_KEY: KEY_A });
    const a = encryptCredential("whsec_abc");
    const b = encryptCredential("whsec_abc");
    assert.notEqual(a, b);
    assert.match(a, /^v1:[0-9a-f]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    assert.equal(storedKeyId(a), keyId(parseKey(KEY_A)));
    assert.equal(decryptCredential(a), "whsec_abc");
    assert.ok(!a.includes("whsec_"));
  });

  test("tampering is detected", () => {
    reloadConfig({ ...none, NAHOOK_ENCRYPTION_KEY: KEY_A });
    const sealed = encryptCredential("pä:ss");
    const parts = sealed.split(":");
    const ct = Buffer.from(parts[3], "base64url");
    ct[0] ^= 1;
    assert.throws(() => decryptCredential([...parts.slice(0, 3), ct.toString("base64url")].join(":")));
  });

  test("rotation: old keys decrypt, the current key encrypts; an unknown key id is a clear error", () => {
    reloadConfig({ ...none, NAHOOK_ENCRYPTION_KEY: KEY_A });
    const underA = encryptCredential("secret");
    reloadConfig({ ...none, NAHOOK_ENCRYPTION_KEY: KEY_B, NAHOOK_ENCRYPTION_KEYS_OLD: KEY_A });
    assert.equal(decryptCredential(underA), "secret");
    assert.equal(storedKeyId(encryptCredential("secret")), keyId(parseKey(KEY_B)));
    reloadConfig({ ...none, NAHOOK_ENCRYPTION_KEY: KEY_B });
    assert.throws(() => decryptCredential(underA), /NAHOOK_ENCRYPTION_KEYS_OLD/);
  });

  test("values stored before encryption existed read as they are", () => {
    reloadConfig({ ...none, NAHOOK_ENCRYPTION_KEY: KEY_A });
    assert.equal(decryptCredential("whsec_legacy"), "whsec_legacy");
    assert.equal(storedKeyId("whsec_legacy"), null);
  });

  test("bad or missing keys are refused with the setting's name", () => {
    reloadConfig({ ...none, NAHOOK_ENCRYPTION_KEY: "too-short" });
    assert.throws(() => keyring(), /NAHOOK_ENCRYPTION_KEY must be 32 random bytes/);
    reloadConfig(none);
    assert.throws(() => keyring(), /No encryption key/);
  });
});

describe("key file (the embedded default)", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nahook-keyfile-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("your own database without a key: refused with a clear message", () => {
    reloadConfig(none);
    assert.throws(() => ensureEncryptionKey({ embedded: false, dataDir: dir, log: () => {} }), /NAHOOK_ENCRYPTION_KEY is not set/);
  });

  test("created once (0600, with a warning), reused, rotated in place; other processes pick up the new key", () => {
    reloadConfig(none);
    const logs: string[] = [];
    ensureEncryptionKey({ embedded: true, dataDir: dir, log: (line) => logs.push(line) });
    const file = path.join(dir, "encryption.key");
    assert.equal(config().encryption.keyFile, file, "child processes and this one use the file");
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(logs.join("\n"), /warning: endpoint secrets are encrypted with the key file/);
    const first = readFileSync(file, "utf8");
    const sealed = encryptCredential("whsec_abc");
    ensureEncryptionKey({ embedded: true, dataDir: dir, log: () => {} });
    assert.equal(readFileSync(file, "utf8"), first);

    // Another process (nahook encryption rotate) puts a new key first…
    prependKeyToFile(file, KEY_A);
    // …and a value under it makes this process read the file again.
    const resealed = `v1:${keyId(parseKey(KEY_A))}:${encryptCredential("whsec_abc", { id: keyId(parseKey(KEY_A)), key: parseKey(KEY_A) }).split(":").slice(2).join(":")}`;
    assert.equal(decryptCredential(resealed), "whsec_abc");
    assert.equal(keyring().current.id, keyId(parseKey(KEY_A)));
    assert.equal(decryptCredential(sealed), "whsec_abc");
  });
});
