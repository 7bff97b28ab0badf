import { db } from "@/lib/db/client";
import { parseExamples, parseSchema } from "@/lib/event-types/event-types";
import { schemaFields, type SchemaField } from "@/lib/event-types/schema";
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

export interface CatalogEntry extends CatalogEventType {
  subscribedEndpoints: number;
  /** The schema as rows a reader can scan; empty when the type has no schema. */
  fields: SchemaField[];
  /** Raw schema and first example, pretty-printed for display and copy. */
  schemaJson: string | null;
  exampleJson: string | null;
}

/** The catalog with, per type, its schema and example and how many of this application's endpoints receive it. */
export async function listCatalogWithUsage(ctx: Pick<PortalContext, "workspaceId" | "applicationId">): Promise<CatalogEntry[]> {
  const [types, counts] = await Promise.all([
    db.eventType.findMany({
      where: { workspaceId: ctx.workspaceId, visibility: { some: { published: true, environment: { isDefault: true } } } },
      orderBy: { name: "asc" },
      select: { id: true, name: true, description: true, schema: true, examples: true },
    }),
    db.subscription.groupBy({ by: ["eventTypeId"], where: { endpoint: { applicationId: ctx.applicationId, workspaceId: ctx.workspaceId } }, _count: { _all: true } }),
  ]);
  const byId = new Map(counts.map((c) => [c.eventTypeId, c._count._all]));
  return types.map(({ schema: schemaText, examples, ...t }) => {
    const schema = parseSchema(schemaText);
    const first = parseExamples(examples)[0] ?? null;
    return {
      ...t,
      subscribedEndpoints: byId.get(t.id) ?? 0,
      fields: schemaFields(schema),
      schemaJson: schema ? JSON.stringify(schema, null, 2) : null,
      exampleJson: first ? JSON.stringify(first, null, 2) : null,
    };
  });
}
