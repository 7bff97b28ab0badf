import type { Actor } from "@/lib/audit/record";
import { recordAudit } from "@/lib/audit/record";
import { db, type DeliveryStatus } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/http/errors";
import { serializeDelivery } from "@/lib/delivery-history/deliveries";
import { notifyWorkers } from "./queue";

interface RequeueRequest {
  workspaceId: string;
  deliveryId: string;
  actor: Actor;
  /** Narrows to a portal tenant. */
  applicationId?: string;
}

interface RequeueKind {
  from: readonly DeliveryStatus[];
  /** Why any other status is a 409. */
  wrongStatus: (status: string) => string;
  verb: string;
  action: "delivery.retried" | "delivery.replayed";
  /** The audit entry records the status the delivery was requeued from. */
  auditFrom?: boolean;
}

/**
 * Puts a finished delivery back in the queue for one attempt, now. Refused (409) when its status
 * is not one `kind` starts from, when its payload is gone, and when its endpoint is disabled: the
 * attempt would only be recorded as not sent (as Recover and Send test refuse too). The
 * conditional update makes a double click harmless: the second sees `pending` and gets a 409.
 */
async function requeue(opts: RequeueRequest, kind: RequeueKind) {
  const where = { id: opts.deliveryId, workspaceId: opts.workspaceId, ...(opts.applicationId ? { applicationId: opts.applicationId } : {}) };
  const delivery = await db.$transaction(async (tx) => {
    const current = await tx.delivery.findFirst({ where, select: { status: true, endpointId: true, message: { select: { payload: true } } } });
    if (!current) throw notFound("Delivery");
    if (!kind.from.includes(current.status)) throw new ApiError("conflict", kind.wrongStatus(current.status));
    if (current.message?.payload == null) throw new ApiError("conflict", `The delivery's payload is no longer stored; it cannot be ${kind.verb}`);
    const endpoint = await tx.endpoint.findUnique({ where: { id: current.endpointId }, select: { isActive: true } });
    if (!endpoint?.isActive) throw new ApiError("conflict", `Endpoint is disabled; enable it before this delivery can be ${kind.verb}`);
    const { count } = await tx.delivery.updateMany({ where: { ...where, status: { in: [...kind.from] } }, data: { status: "pending", nextAttemptAt: new Date() } });
    if (count === 0) throw new ApiError("conflict", "Delivery changed status meanwhile; try again");
    await recordAudit(tx, {
      workspaceId: opts.workspaceId, actor: opts.actor, action: kind.action, resourceType: "delivery", resourceId: opts.deliveryId,
      ...(kind.auditFrom ? { metadata: { from: current.status } } : {}),
    });
    // Read inside the transaction: once workers are woken the row may already be `delivering`.
    const row = await tx.delivery.findUniqueOrThrow({ where: { id: opts.deliveryId }, include: { message: { select: { eventType: true } } } });
    return { ...row, message: { eventType: row.message.eventType, hasPayload: true } };
  });
  await notifyWorkers().catch(() => {});
  return serializeDelivery(delivery);
}

/**
 * A failed or dead-lettered delivery is attempted again at once (spec §10.1: any other status is
 * 409). It keeps its attempt count, so if that attempt fails it continues the retry schedule
 * where it was: one that had used the whole schedule is dead-lettered again (not restarted).
 */
export function retryDelivery(opts: RequeueRequest) {
  return requeue(opts, {
    from: ["failed", "dead_letter"],
    wrongStatus: (status) => `Delivery is ${status}; only failed or dead_letter deliveries can be retried`,
    verb: "retried",
    action: "delivery.retried",
  });
}

/**
 * A finished delivery, one way or the other, is sent again: the same delivery and message, so
 * the same webhook-id (receivers that already processed it can recognise the repeat), attempted
 * at once and, should that fail, retried like any failed attempt (see retryDelivery).
 */
export function replayDelivery(opts: RequeueRequest) {
  return requeue(opts, {
    from: ["delivered", "failed", "dead_letter"],
    wrongStatus: (status) => `Delivery is ${status}; wait until it is delivered, failed or dead-lettered to replay it`,
    verb: "replayed",
    action: "delivery.replayed",
    auditFrom: true,
  });
}
