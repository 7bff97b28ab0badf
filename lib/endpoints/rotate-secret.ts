import type { Actor } from "@/lib/audit/record";
import { newEndpointSecret } from "@/lib/auth/secrets";
import { recordAudit } from "@/lib/audit/record";
import { encryptCredential } from "@/lib/crypto/keyring";
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { ApiError, notFound } from "@/lib/http/errors";

/**
 * Replaces an endpoint's signing secret. The old one keeps signing (a second signature in
 * `webhook-signature`) for the grace period, so receivers can switch without dropping
 * webhooks. Rotating again within the grace period retires the oldest secret at once.
 */
export async function rotateEndpointSecret(opts: { workspaceId: string; endpointId: string; actor: Actor; applicationId?: string }) {
  const secret = newEndpointSecret();
  const previousSecretExpiresAt = new Date(Date.now() + config().delivery.secretGraceMs);
  await db.$transaction(async (tx) => {
    const where = { id: opts.endpointId, workspaceId: opts.workspaceId, ...(opts.applicationId ? { applicationId: opts.applicationId } : {}) };
    const endpoint = await tx.endpoint.findFirst({ where, select: { secret: true } });
    if (!endpoint) throw notFound("Endpoint");
    // Compare-and-set on the old secret: two concurrent rotations must not both "win".
    const { count } = await tx.endpoint.updateMany({
      where: { ...where, secret: endpoint.secret },
      // Both stay encrypted: the old ciphertext simply moves to previousSecret.
      data: { secret: encryptCredential(secret), previousSecret: endpoint.secret, previousSecretExpiresAt },
    });
    if (count === 0) throw new ApiError("conflict", "The secret was rotated concurrently; try again");
    await recordAudit(tx, {
      workspaceId: opts.workspaceId,
      actor: opts.actor,
      action: "endpoint.secret_rotated",
      resourceType: "endpoint",
      resourceId: opts.endpointId,
      metadata: { previousSecretExpiresAt: previousSecretExpiresAt.toISOString() },
    });
  });
  return { secret, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() };
}
