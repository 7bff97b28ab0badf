import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { cursorSecret } from "@/lib/settings/system-secret";
import { ApiError } from "@/lib/http/errors";

/**
 * Opaque keyset cursors: the position (createdAt, id) plus the list it belongs to, sealed with
 * AES-256-GCM. Clients cannot read or forge them; a tampered cursor, one from another list, or
 * one sealed under a rotated key is a 400 invalid_cursor.
 */
export interface CursorPosition {
  createdAt: Date;
  id: string;
}

async function key(): Promise<Buffer> {
  return createHash("sha256").update(`nahook-cursor:${await cursorSecret()}`).digest();
}

export async function sealCursor(position: CursorPosition, scope: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await key(), iv);
  cipher.setAAD(Buffer.from(scope));
  const plain = Buffer.from(JSON.stringify([position.createdAt.getTime(), position.id]));
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
}

export async function openCursor(cursor: string, scope: string): Promise<CursorPosition> {
  const invalid = new ApiError("invalid_cursor", "The cursor is invalid or has expired; start again without a cursor");
  const raw = Buffer.from(cursor, "base64url");
  if (raw.length < 29 || raw.length > 512) throw invalid;
  try {
    const decipher = createDecipheriv("aes-256-gcm", await key(), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(scope));
    decipher.setAuthTag(raw.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    const [ms, id] = JSON.parse(plain) as [number, string];
    if (typeof ms !== "number" || typeof id !== "string") throw invalid;
    return { createdAt: new Date(ms), id };
  } catch {
    throw invalid;
  }
}
