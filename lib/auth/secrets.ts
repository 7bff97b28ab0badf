import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Lookup hash of a bearer secret. The secrets are 256-bit random, so a fast hash is enough. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function newManagementToken(): string {
  return `nhm_${randomBytes(32).toString("hex")}`;
}

/** `nhk_{region}_{64 hex}`: SDKs route by the region slug (spec §2.2). */
export function newIngestionKey(region = process.env.NAHOOK_REGION ?? "us"): string {
  return `nhk_${region}_${randomBytes(32).toString("hex")}`;
}

export function newPortalCode(): string {
  return randomBytes(32).toString("base64url");
}

export function newEndpointSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** What listings show of a secret: enough to recognise it, never enough to use it. */
export function displayPrefix(secret: string): string {
  return `${secret.slice(0, secret.startsWith("nhk_") ? 11 : 8)}…`;
}
