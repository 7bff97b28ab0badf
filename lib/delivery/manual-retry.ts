import type { Actor } from "@/lib/audit/record";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/http/errors";
import { serializeDelivery } from "@/lib/delivery-history/deliveries";
import { notifyWorkers } from "./queue";

const RETRYABLE = ["failed", "dead_letter"] as const;

/**
 * Puts a failed or dead-lettered delivery back in the queue for one more attempt, now (spec
 * §14.1: any other status is 409). If that attempt fails too, the delivery is dead-lettered
 * again: the automatic schedule is not restarted. `applicationId` narrows to a portal tenant.
 */
export async function retryDelivery(opts: { workspaceId: string; deliveryId: string; actor: Actor; applicationId?: string }) {
  const where = { id: opts.deliveryId, workspaceId: opts.workspaceId, ...(opts.applicationId ? { applicationId: opts.applicationId } : {}) };
  const delivery = await db.$transaction(async (tx) => {
    const current = await tx.delivery.findFirst({ where, select: { status: true, message: { select: { payload: true } } } });
    if (!current) throw notFound("Delivery");
    if (!(RETRYABLE as readonly string[]).includes(current.status)) {
      throw new ApiError("conflict", `Delivery is ${current.status}; only failed or dead_letter deliveries can be retried`);
    }
    if (current.message?.payload == null) throw new ApiError("conflict", "The delivery's payload is no longer stored; it cannot be retried");
    const { count } = await tx.delivery.updateMany({
      where: { ...where, status: { in: [...RETRYABLE] } },
      data: { status: "pending", nextAttemptAt: new Date() },
    });
    if (count === 0) throw new ApiError("conflict", "Delivery changed status meanwhile; try again");
    await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "delivery.retried", resourceType: "delivery", resourceId: opts.deliveryId });
    // Read inside the transaction: once workers are woken the row may already be `delivering`.
    const row = await tx.delivery.findUniqueOrThrow({ where: { id: opts.deliveryId }, include: { message: { select: { eventType: true } } } });
    return { ...row, message: { eventType: row.message.eventType, hasPayload: true } };
  });
  await notifyWorkers().catch(() => {});
  return serializeDelivery(delivery);
}
