import { createHmac } from "node:crypto";

/**
 * Standard Webhooks signature (spec §11): `v1,` + base64 HMAC-SHA256 over `id.timestamp.body`,
 * keyed with the secret's base64 payload (after `whsec_`).
 */
export function signPayload(secret: string, msgId: string, timestamp: number | string, body: string): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  const mac = createHmac("sha256", key).update(`${msgId}.${timestamp}.${body}`, "utf8").digest("base64");
  return `v1,${mac}`;
}

export interface SigningSecrets {
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/** Current signature first; during a rotation's grace period the previous secret signs too. */
export function signatureHeader(secrets: SigningSecrets, msgId: string, timestamp: number, body: string, now = Date.now()): string {
  const signatures = [signPayload(secrets.secret, msgId, timestamp, body)];
  if (secrets.previousSecret && secrets.previousSecretExpiresAt && secrets.previousSecretExpiresAt.getTime() > now) {
    signatures.push(signPayload(secrets.previousSecret, msgId, timestamp, body));
  }
  return signatures.join(" ");
}
