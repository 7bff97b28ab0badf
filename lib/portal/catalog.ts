import { db } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/http/errors";
import type { PortalContext } from "./session";

export interface CatalogEventType {
  id: string;
  name: string;
  description: string | null;
}

/**
 * The event catalog a customer may subscribe to: the workspace's event types published in the
 * default environment, which is where portal-created endpoints live (spec §9.4 gating).
 */
export async function listCatalog(ctx: Pick<PortalContext, "workspaceId">): Promise<CatalogEventType[]> {
  return db.eventType.findMany({
    where: { workspaceId: ctx.workspaceId, visibility: { some: { published: true, environment: { isDefault: true } } } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, description: true },
  });
}

/** When the operator hides the catalog, subscriptions are read-only in the portal (spec §7.4). */
export const catalogClosed = () => new ApiError("forbidden", "Subscriptions are managed by the application for this account");

/** Subscribing through the portal needs the catalog to be shown and every id to be in it. */
export async function assertInCatalog(ctx: Pick<PortalContext, "workspaceId" | "showEventTypes">, eventTypeIds: string[]): Promise<void> {
  if (eventTypeIds.length === 0) return;
  if (!ctx.showEventTypes) throw catalogClosed();
  const found = await db.eventType.count({
    where: { id: { in: eventTypeIds }, workspaceId: ctx.workspaceId, visibility: { some: { published: true, environment: { isDefault: true } } } },
  });
  if (found !== new Set(eventTypeIds).size) throw notFound("Event type");
}

/** The catalog with, per type, how many of this application's endpoints receive it. */
export async function listCatalogWithUsage(ctx: Pick<PortalContext, "workspaceId" | "applicationId">) {
  const [types, counts] = await Promise.all([
    listCatalog(ctx),
    db.subscription.groupBy({ by: ["eventTypeId"], where: { endpoint: { applicationId: ctx.applicationId, workspaceId: ctx.workspaceId } }, _count: { _all: true } }),
  ]);
  const byId = new Map(counts.map((c) => [c.eventTypeId, c._count._all]));
  return types.map((t) => ({ ...t, subscribedEndpoints: byId.get(t.id) ?? 0 }));
}
