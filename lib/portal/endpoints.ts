import { decryptCredential } from "@/lib/crypto/keyring";
import { db, type Endpoint } from "@/lib/db/client";
import { createEndpoint, deleteEndpoint, findEndpointRow, listEndpointRows, updateEndpoint, type CreateEndpointInput, type UpdateEndpointInput } from "@/lib/endpoints/endpoints";
import { subscribe, unsubscribe } from "@/lib/subscriptions/subscriptions";
import { assertInCatalog, catalogClosed, listCatalog } from "./catalog";
import type { PortalCreateEndpointInput, PortalUpdateEndpointInput } from "./schemas";
import type { PortalContext } from "./session";

/**
 * The portal's view of endpoints: always scoped to the session's application (another
 * application's id is a 404), and shaped for the pages. Validation, SSRF checks, maxEndpoints and
 * session metadata are the shared endpoint domain's job.
 */

/** Hosts the endpoint form accepts for Slack endpoints (the server checks again). */
export { slackWebhookHosts } from "@/lib/endpoints/destination";

const scope = (ctx: PortalContext) => ({ workspaceId: ctx.workspaceId, applicationId: ctx.applicationId });

export interface PortalEndpoint {
  id: string;
  type: "webhook" | "slack";
  url: string;
  description: string | null;
  isActive: boolean;
  disabledReason: string | null;
  subscriptionCount: number;
  lastDeliveryAt: string | null;
  lastDeliveryStatus: string | null;
  metadata: Record<string, string>;
  /** Set while a rotated-out secret still signs requests (grace period). */
  previousSecretValidUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

function toPortalEndpoint(e: Endpoint, subscriptionCount: number): PortalEndpoint {
  return {
    id: e.id, type: e.type, url: e.url, description: e.description, isActive: e.isActive, disabledReason: e.disabledReason,
    subscriptionCount, lastDeliveryAt: e.lastDeliveryAt?.toISOString() ?? null, lastDeliveryStatus: e.lastDeliveryStatus,
    metadata: e.metadata as Record<string, string>,
    previousSecretValidUntil: e.previousSecret && e.previousSecretExpiresAt && e.previousSecretExpiresAt > new Date() ? e.previousSecretExpiresAt.toISOString() : null,
    createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString(),
  };
}

/**
 * An endpoint as the portal's JSON calls answer it: a Slack webhook URL is a credential no role
 * reads back, so it is replaced by its masked form (`mask`, the pages' display name).
 */
export function portalEndpointForClient(e: PortalEndpoint, mask: (e: PortalEndpoint) => string): PortalEndpoint {
  return e.type === "slack" ? { ...e, url: mask(e) } : e;
}

export async function listPortalEndpoints(ctx: PortalContext): Promise<PortalEndpoint[]> {
  const rows = await listEndpointRows(scope(ctx));
  if (rows.length === 0) return [];
  const counts = await db.subscription.groupBy({ by: ["endpointId"], where: { endpointId: { in: rows.map((r) => r.id) } }, _count: { _all: true } });
  const byId = new Map(counts.map((c) => [c.endpointId, c._count._all]));
  // Newest first: a customer looks for the endpoint they just made.
  return rows.reverse().map((r) => toPortalEndpoint(r, byId.get(r.id) ?? 0));
}

export async function getPortalEndpoint(ctx: PortalContext, endpointId: string): Promise<PortalEndpoint> {
  const row = await findEndpointRow({ ...scope(ctx), endpointId });
  const count = await db.subscription.count({ where: { endpointId: row.id } });
  return toPortalEndpoint(row, count);
}

/** The signing secret, read on demand so it is never part of a page's HTML. */
export async function revealSecret(ctx: PortalContext, endpointId: string): Promise<{ secret: string }> {
  const row = await findEndpointRow({ ...scope(ctx), endpointId });
  return { secret: decryptCredential(row.secret) };
}

export async function createPortalEndpoint(ctx: PortalContext, input: PortalCreateEndpointInput): Promise<PortalEndpoint> {
  const eventTypeIds = [...new Set(input.eventTypeIds)];
  // Checked before creating, so a bad id does not leave an endpoint behind.
  await assertInCatalog(ctx, eventTypeIds);
  const body: CreateEndpointInput =
    input.type === "slack"
      ? { type: "slack", config: { webhookUrl: input.url }, description: input.description ?? null }
      : { type: "webhook", url: input.url, description: input.description ?? null };
  const created = await createEndpoint({ ...scope(ctx), actor: ctx.actor, input: body, extraMetadata: ctx.metadata });
  if (eventTypeIds.length) await subscribe({ ...scope(ctx), endpointId: created.id, actor: ctx.actor, eventTypeIds });
  return getPortalEndpoint(ctx, created.id);
}

export async function updatePortalEndpoint(ctx: PortalContext, endpointId: string, input: PortalUpdateEndpointInput): Promise<PortalEndpoint> {
  const current = await findEndpointRow({ ...scope(ctx), endpointId });
  const body: UpdateEndpointInput = {};
  if (input.url !== undefined) {
    if (current.type === "slack") body.config = { webhookUrl: input.url };
    else body.url = input.url;
  }
  if (input.description !== undefined) body.description = input.description;
  if (input.isActive !== undefined) body.isActive = input.isActive;
  await updateEndpoint({ ...scope(ctx), endpointId, actor: ctx.actor, input: body });
  return getPortalEndpoint(ctx, endpointId);
}

export async function deletePortalEndpoint(ctx: PortalContext, endpointId: string): Promise<void> {
  await deleteEndpoint({ ...scope(ctx), endpointId, actor: ctx.actor });
}

export async function subscribePortalEndpoint(ctx: PortalContext, endpointId: string, eventTypeId: string): Promise<void> {
  await findEndpointRow({ ...scope(ctx), endpointId });
  await assertInCatalog(ctx, [eventTypeId]);
  await subscribe({ ...scope(ctx), endpointId, actor: ctx.actor, eventTypeIds: [eventTypeId] });
}

export async function unsubscribePortalEndpoint(ctx: PortalContext, endpointId: string, eventTypeId: string): Promise<void> {
  await findEndpointRow({ ...scope(ctx), endpointId });
  // Only the catalog switch matters here: a type unpublished since must still be removable.
  if (!ctx.showEventTypes) throw catalogClosed();
  await unsubscribe({ ...scope(ctx), endpointId, actor: ctx.actor, eventTypeId });
}

export async function countPortalEndpoints(ctx: PortalContext): Promise<number> {
  return db.endpoint.count({ where: scope(ctx) });
}

/** Names of the event types an endpoint receives (shown read-only when the catalog is hidden). */
export async function subscribedNames(ctx: PortalContext, endpointId: string): Promise<string[]> {
  const rows = await db.subscription.findMany({
    where: { endpointId, endpoint: { applicationId: ctx.applicationId, workspaceId: ctx.workspaceId } },
    select: { eventType: { select: { name: true } } },
    orderBy: { eventType: { name: "asc" } },
  });
  return rows.map((r) => r.eventType.name);
}

/**
 * The endpoint page's subscription switches: the catalog, plus any type the endpoint still
 * receives that was unpublished since (so it stays visible and can be switched off).
 */
export async function subscriptionItems(ctx: PortalContext, endpointId: string) {
  const [catalog, rows] = await Promise.all([
    listCatalog(ctx),
    db.subscription.findMany({
      where: { endpointId, endpoint: { applicationId: ctx.applicationId, workspaceId: ctx.workspaceId } },
      select: { eventType: { select: { id: true, name: true, description: true } } },
    }),
  ]);
  const subscribed = new Set(rows.map((r) => r.eventType.id));
  const extra = rows.map((r) => r.eventType).filter((t) => !catalog.some((c) => c.id === t.id));
  return [...catalog, ...extra].sort((a, b) => a.name.localeCompare(b.name)).map((t) => ({ ...t, subscribed: subscribed.has(t.id) }));
}
