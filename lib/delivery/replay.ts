import type { Actor } from "@/lib/audit/record";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { serializeDelivery } from "@/lib/delivery-history/deliveries";
import { ApiError, notFound } from "@/lib/http/errors";
import { notifyWorkers } from "./queue";

/** Statuses a delivery can be replayed from: finished, one way or the other. */
const REPLAYABLE = ["delivered", "failed", "dead_letter"] as const;

/**
 * Sends a finished delivery once more: the same delivery and message, so the same webhook-id
 * (receivers that already processed it can recognise the repeat), as one new attempt. The
 * conditional update makes a double click harmless: the second sees `pending` and gets a 409.
 * `applicationId` narrows to a portal tenant.
 */
export async function replayDelivery(opts: { workspaceId: string; deliveryId: string; actor: Actor; applicationId?: string }) {
  const where = { id: opts.deliveryId, workspaceId: opts.workspaceId, ...(opts.applicationId ? { applicationId: opts.applicationId } : {}) };
  const delivery = await db.$transaction(async (tx) => {
    const current = await tx.delivery.findFirst({ where, select: { status: true, message: { select: { payload: true } } } });
    if (!current) throw notFound("Delivery");
    if (!(REPLAYABLE as readonly string[]).includes(current.status)) {
      throw new ApiError("conflict", `Delivery is ${current.status}; wait until it is delivered, failed or dead-lettered to replay it`);
    }
    if (current.message?.payload == null) throw new ApiError("conflict", "The delivery's payload is no longer stored; it cannot be replayed");
    const { count } = await tx.delivery.updateMany({ where: { ...where, status: { in: [...REPLAYABLE] } }, data: { status: "pending", nextAttemptAt: new Date() } });
    if (count === 0) throw new ApiError("conflict", "Delivery changed status meanwhile; try again");
    await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "delivery.replayed", resourceType: "delivery", resourceId: opts.deliveryId, metadata: { from: current.status } });
    const row = await tx.delivery.findUniqueOrThrow({ where: { id: opts.deliveryId }, include: { message: { select: { eventType: true } } } });
    return { ...row, message: { eventType: row.message.eventType, hasPayload: true } };
  });
  await notifyWorkers().catch(() => {});
  return serializeDelivery(delivery);
}
