import { randomUUID } from "node:crypto";
import { newEndpointSecret } from "@/lib/auth/secrets";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/http/errors";
import { newId } from "@/lib/ids";
import type { PortalContext } from "./session";

/**
 * Portal actions that belong to the delivery engine: rotate a secret, send a test event, retry a
 * delivery. INTERIM: minimal stand-ins with the engine's signatures until its modules
 * (lib/endpoints/rotate-secret.ts, lib/delivery/test-send.ts, lib/delivery/manual-retry.ts) are on main.
 */

export const SECRET_GRACE_HOURS = Math.round(Number(process.env.NAHOOK_SECRET_ROTATION_GRACE_SECONDS ?? 24 * 3600) / 3600);

const tenant = (ctx: PortalContext) => ({ workspaceId: ctx.workspaceId, applicationId: ctx.applicationId });

export async function rotatePortalSecret(ctx: PortalContext, endpointId: string): Promise<{ secret: string; previousSecretExpiresAt: string }> {
  const secret = newEndpointSecret();
  const previousSecretExpiresAt = new Date(Date.now() + SECRET_GRACE_HOURS * 3_600_000);
  await db.$transaction(async (tx) => {
    const where = { id: endpointId, ...tenant(ctx) };
    const endpoint = await tx.endpoint.findFirst({ where, select: { secret: true } });
    if (!endpoint) throw notFound("Endpoint");
    const { count } = await tx.endpoint.updateMany({ where: { ...where, secret: endpoint.secret }, data: { secret, previousSecret: endpoint.secret, previousSecretExpiresAt } });
    if (count === 0) throw new ApiError("conflict", "The secret was rotated concurrently; try again");
    await recordAudit(tx, { workspaceId: ctx.workspaceId, actor: ctx.actor, action: "endpoint.secret_rotated", resourceType: "endpoint", resourceId: endpointId });
  });
  return { secret, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() };
}

export async function sendPortalTestEvent(ctx: PortalContext, endpointId: string): Promise<{ deliveryId: string }> {
  const endpoint = await db.endpoint.findFirst({ where: { id: endpointId, ...tenant(ctx) }, select: { id: true, environmentId: true, isActive: true } });
  if (!endpoint) throw notFound("Endpoint");
  if (!endpoint.isActive) throw new ApiError("conflict", "Endpoint is disabled; enable it to send a test event");
  const payload = JSON.stringify({ type: "nahook.test", message: "This is a test event from Nahook.", timestamp: new Date().toISOString() });
  const messageId = newId("msg");
  const deliveryId = newId("del");
  await db.$transaction([
    db.message.create({ data: { id: messageId, workspaceId: ctx.workspaceId, environmentId: endpoint.environmentId, eventType: "nahook.test", payload, payloadSize: Buffer.byteLength(payload) } }),
    db.delivery.create({
      data: { id: deliveryId, workspaceId: ctx.workspaceId, environmentId: endpoint.environmentId, endpointId: endpoint.id, applicationId: ctx.applicationId, messageId, idempotencyKey: `test_${randomUUID()}`, status: "pending", nextAttemptAt: new Date() },
    }),
  ]);
  return { deliveryId };
}

export async function retryPortalDelivery(ctx: PortalContext, deliveryId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const where = { id: deliveryId, ...tenant(ctx) };
    const current = await tx.delivery.findFirst({ where, select: { status: true } });
    if (!current) throw notFound("Delivery");
    const { count } = await tx.delivery.updateMany({ where: { ...where, status: { in: ["failed", "dead_letter"] } }, data: { status: "pending", nextAttemptAt: new Date() } });
    if (count === 0) throw new ApiError("conflict", `Delivery is ${current.status}; only failed or dead_letter deliveries can be retried`);
    await recordAudit(tx, { workspaceId: ctx.workspaceId, actor: ctx.actor, action: "delivery.retried", resourceType: "delivery", resourceId: deliveryId });
  });
}
