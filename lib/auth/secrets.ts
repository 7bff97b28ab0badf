import { createHash, randomBytes } from "node:crypto";
import { config } from "@/lib/config";

/** Lookup hash of a bearer secret. The secrets are 256-bit random, so a fast hash is enough. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function newManagementToken(): string {
  return `nhm_${randomBytes(32).toString("hex")}`;
}

/** `nhk_{region}_{64 hex}`: SDKs route by the region slug (spec §2.2). */
export function newIngestionKey(region = config().region): string {
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
