import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { config } from "@/lib/config";

/**
 * Credentials at rest (endpoint signing secrets, basic-auth passwords): AES-256-GCM under a
 * deployment key that is never stored in the database. A stored value is
 * `v1:<kid>:<iv>:<ciphertext+tag>` (base64url), where kid names the key, so keys can be rotated
 * while the service runs: every process decrypts with any key of its keyring and encrypts with
 * the current one, and `npm run nahook -- encryption rotate` rewrites the rows.
 *
 * Where the keys come from:
 * - `NAHOOK_ENCRYPTION_KEY` (current) and `NAHOOK_ENCRYPTION_KEYS_OLD` (comma-separated,
 *   decrypt only): 32 random bytes as base64/base64url or 64 hex digits;
 * - otherwise the key file `NAHOOK_ENCRYPTION_KEY_FILE` (one key a line, the first is current),
 *   which the zero-config embedded setup creates in its data folder (lib/crypto/key-file.ts).
 *   The file is read again when a value names a key we do not know, so a rotation done by
 *   another process is picked up without a restart.
 */

export const CIPHER_PREFIX = "v1:";

export interface Key {
  id: string;
  key: Buffer;
}

export interface Keyring {
  current: Key;
  byId: Map<string, Key>;
  source: "env" | "file";
}

export function parseKey(text: string, name = "NAHOOK_ENCRYPTION_KEY"): Buffer {
  const value = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
  if (key.length !== 32) throw new Error(`${name} must be 32 random bytes, as base64 or 64 hex digits (generate one with: openssl rand -base64 32)`);
  return key;
}

export function keyId(key: Buffer): string {
  return createHash("sha256").update("nahook-kid").update(key).digest("hex").slice(0, 8);
}

export function generateKey(): string {
  return randomBytes(32).toString("base64");
}

function ring(keys: Buffer[], source: Keyring["source"]): Keyring {
  const entries = keys.map((key) => ({ id: keyId(key), key }));
  return { current: entries[0], byId: new Map(entries.map((e) => [e.id, e])), source };
}

let cached: { signature: string; keyring: Keyring } | null = null;

function readKeyFile(file: string): Buffer[] {
  const lines = readFileSync(file, "utf8").split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  if (lines.length === 0) throw new Error(`the encryption key file ${file} holds no key`);
  return lines.map((l) => parseKey(l, `a key in ${file}`));
}

/** The process's keyring; throws a clear error when no key is configured. */
export function keyring(opts: { reload?: boolean } = {}): Keyring {
  const { key: env, oldKeys, keyFile: file } = config().encryption;
  const signature = `${env ?? ""}|${oldKeys.join(",")}|${file ?? ""}`;
  if (cached && cached.signature === signature && !opts.reload) return cached.keyring;
  let keyring: Keyring;
  if (env) {
    const olds = oldKeys.map((k) => parseKey(k, "NAHOOK_ENCRYPTION_KEYS_OLD"));
    keyring = ring([parseKey(env), ...olds], "env");
  } else if (file) {
    keyring = ring(readKeyFile(file), "file");
  } else {
    throw new Error("No encryption key: set NAHOOK_ENCRYPTION_KEY (32 random bytes, base64: openssl rand -base64 32)");
  }
  cached = { signature, keyring };
  return keyring;
}

const b64 = (b: Buffer) => b.toString("base64url");

export function isEncrypted(stored: string): boolean {
  return stored.startsWith(CIPHER_PREFIX);
}

/** The key id a stored value was encrypted under, or null for a legacy plain value. */
export function storedKeyId(stored: string): string | null {
  return isEncrypted(stored) ? (stored.split(":")[1] ?? null) : null;
}

export function encryptCredential(plain: string, key: Key = keyring().current): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${CIPHER_PREFIX}${key.id}:${b64(iv)}:${b64(ct)}`;
}

export function encryptNullable(plain: string | null | undefined): string | null {
  return plain == null ? null : encryptCredential(plain);
}

/**
 * Decrypts a stored credential. A value without the `v1:` prefix is a row written before
 * encryption existed (the start-up migration encrypts those); it is returned as it is.
 */
export function decryptCredential(stored: string): string {
  if (!isEncrypted(stored)) return stored;
  const [, kid, iv, ct] = stored.split(":");
  let key = keyring().byId.get(kid);
  if (!key && keyring().source === "file") key = keyring({ reload: true }).byId.get(kid);
  if (!key) throw new Error(`a credential is encrypted under key ${kid}, which this process does not have (add it to NAHOOK_ENCRYPTION_KEYS_OLD)`);
  const data = Buffer.from(ct, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
}

export function decryptNullable(stored: string | null): string | null {
  return stored === null ? null : decryptCredential(stored);
}
