import type { z } from "zod";
import type { SubscriptionSchema } from "@/lib/api/management/subscriptions";
import type { Actor } from "@/lib/audit/record";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { findEndpointRow } from "@/lib/endpoints/endpoints";
import { ApiError, notFound } from "@/lib/http/errors";
import { newId } from "@/lib/ids";

export type SubscriptionDto = z.infer<typeof SubscriptionSchema>;

interface EndpointScope {
  workspaceId: string;
  endpointId: string;
  /** Restricts to one application's endpoints (portal). */
  applicationId?: string;
}


export async function listSubscriptions(scope: EndpointScope): Promise<SubscriptionDto[]> {
  await findEndpointRow(scope);
  const rows = await db.subscription.findMany({
    where: { endpointId: scope.endpointId },
    include: { eventType: { select: { name: true } } },
    orderBy: { eventType: { name: "asc" } },
  });
  return rows.map((s) => ({ id: s.id, endpointId: s.endpointId, eventTypeId: s.eventTypeId, eventTypeName: s.eventType.name, createdAt: s.createdAt.toISOString() }));
}

/**
 * Subscribes to every listed event type, all or nothing: an unknown id rejects the request with
 * 404 and writes nothing. Returns how many subscriptions are new.
 */
export async function subscribe(opts: EndpointScope & { actor: Actor; eventTypeIds: string[] }): Promise<{ subscribed: number }> {
  await findEndpointRow(opts);
  const types = await db.eventType.findMany({ where: { id: { in: opts.eventTypeIds }, workspaceId: opts.workspaceId }, select: { id: true } });
  const missing = opts.eventTypeIds.filter((id) => !types.some((t) => t.id === id));
  if (missing.length) throw new ApiError("not_found", `Event type not found: ${missing.join(", ")}`);
  return db.$transaction(async (tx) => {
    const { count } = await tx.subscription.createMany({
      data: opts.eventTypeIds.map((eventTypeId) => ({ id: newId("sub"), endpointId: opts.endpointId, eventTypeId })),
      skipDuplicates: true,
    });
    if (count > 0) {
      await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "subscription.created", resourceType: "endpoint", resourceId: opts.endpointId, metadata: { eventTypeIds: opts.eventTypeIds } });
    }
    return { subscribed: count };
  });
}

export async function unsubscribe(opts: EndpointScope & { actor: Actor; eventTypeId: string }): Promise<void> {
  await findEndpointRow(opts);
  await db.$transaction(async (tx) => {
    const { count } = await tx.subscription.deleteMany({ where: { endpointId: opts.endpointId, eventTypeId: opts.eventTypeId } });
    if (count === 0) throw notFound("Subscription");
    await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "subscription.deleted", resourceType: "endpoint", resourceId: opts.endpointId, metadata: { eventTypeId: opts.eventTypeId } });
  });
}
