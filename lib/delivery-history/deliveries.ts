import type { z } from "zod";
import { config } from "@/lib/config";
import type { AttemptSchema, DeliveryFilters, DeliverySchema, PayloadEnvelopeSchema } from "@/lib/api/management/deliveries";
import { db, Prisma, type Attempt, type Delivery, type DeliveryStatus } from "@/lib/db/client";
import { findEndpointRow } from "@/lib/endpoints/endpoints";
import { notFound } from "@/lib/http/errors";
import { openCursor, sealCursor } from "./cursor";

export type DeliveryDto = z.infer<typeof DeliverySchema>;
export type AttemptDto = z.infer<typeof AttemptSchema>;
type PayloadEnvelope = z.infer<typeof PayloadEnvelopeSchema>;

/** Rows older than the retention window are hidden even before the purge removes them. */
export const retentionStart = () => new Date(Date.now() - config().retention.historyMs);

type DeliveryWithMessage = Delivery & { message: { eventType: string | null; hasPayload: boolean } };

export function serializeDelivery(d: DeliveryWithMessage): DeliveryDto {
  return {
    id: d.id,
    idempotencyKey: d.idempotencyKey,
    endpointId: d.endpointId,
    messageId: d.messageId,
    eventType: d.message.eventType,
    status: d.status,
    totalAttempts: d.totalAttempts,
    lastStatusCode: d.lastStatusCode,
    firstAttemptAt: d.firstAttemptAt?.toISOString() ?? null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    nextRetryAt: d.status === "scheduled_retry" || d.status === "failed" ? (d.nextAttemptAt?.toISOString() ?? null) : null,
    hasPayload: d.message.hasPayload,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** Loads deliveries with the two message facts the API shows, without reading payloads. */
async function withMessageFacts(rows: Delivery[]): Promise<DeliveryWithMessage[]> {
  if (rows.length === 0) return [];
  const facts = await db.$queryRaw<{ id: string; eventType: string | null; hasPayload: boolean }[]>`
    SELECT id, "eventType", payload IS NOT NULL AS "hasPayload" FROM messages WHERE id IN (${Prisma.join([...new Set(rows.map((r) => r.messageId))])})`;
  const byId = new Map(facts.map((f) => [f.id, f]));
  return rows.map((r) => ({ ...r, message: { eventType: byId.get(r.messageId)?.eventType ?? null, hasPayload: byId.get(r.messageId)?.hasPayload ?? false } }));
}

export interface DeliveryListScope {
  workspaceId: string;
  /** One endpoint's history (D1, portal endpoint page)… */
  endpointId?: string;
  /** …or every endpoint of an application (portal history page). */
  applicationId?: string;
}

/** The filters as a stable string: a cursor is sealed to the list (scope + filters) it came from. */
function filterKey(f: DeliveryFilters): string {
  return JSON.stringify([f.status ?? "", f.eventType ?? "", f.statusClass ?? "", f.from ?? "", f.to ?? "", f.deliveryId ?? "", f.messageId ?? ""]);
}

function statusClassCondition(statusClass: DeliveryFilters["statusClass"]): Prisma.Sql | null {
  if (!statusClass) return null;
  if (statusClass === "none") return Prisma.sql`"lastStatusClass" IS NULL`;
  return Prisma.sql`"lastStatusClass" = ${Number(statusClass[0])}`;
}

/**
 * The statement of one history page, newest first, from the keyset `after` on. Each filter is an
 * equality or a createdAt range on one of the (scope, column, createdAt, id) indexes: the scan
 * stays ordered whatever is combined. Those indexes hold settled deliveries only, so that the
 * insert and the claim write none of their entries (see the migration
 * "history_indexes_settled_only"): deliveries waiting for their first attempt come from the
 * scope's pending index and those in flight from the in-flight index, merged in one statement —
 * one snapshot, so a delivery that moves on while the page is read is listed exactly once. The
 * statuses are written out, not bound, so that any plan, a generic one too, can use the indexes.
 */
export function historyPageSql(opts: DeliveryListScope & DeliveryFilters, after: { createdAt: Date; id: string } | null, take: number): Prisma.Sql {
  const retained = retentionStart();
  const from = opts.from ? new Date(Math.max(Date.parse(opts.from), retained.getTime())) : retained;
  const toMs = Math.min(opts.to ? Date.parse(opts.to) : Infinity, after ? after.createdAt.getTime() : Infinity);
  const conditions = [
    Prisma.sql`"workspaceId" = ${opts.workspaceId}`,
    opts.endpointId ? Prisma.sql`"endpointId" = ${opts.endpointId}` : null,
    opts.applicationId ? Prisma.sql`"applicationId" = ${opts.applicationId}` : null,
    opts.eventType ? Prisma.sql`"eventType" = ${opts.eventType}` : null,
    statusClassCondition(opts.statusClass),
    opts.deliveryId ? Prisma.sql`id = ${opts.deliveryId}` : null,
    opts.messageId ? Prisma.sql`"messageId" = ${opts.messageId}` : null,
    // The upper bound is implied by the keyset condition below, but only a plain range becomes
    // an index condition: without it a deep cursor scans every newer row (171 ms vs 0.1 ms at 180k rows).
    Prisma.sql`"createdAt" >= ${from}::timestamptz`,
    Number.isFinite(toMs) ? Prisma.sql`"createdAt" <= ${new Date(toMs)}::timestamptz` : null,
    after ? Prisma.sql`("createdAt" < ${after.createdAt}::timestamptz OR ("createdAt" = ${after.createdAt}::timestamptz AND id < ${after.id}))` : null,
  ].filter((c): c is Prisma.Sql => c !== null);
  const where = Prisma.join(conditions, " AND ");
  const newestFirst = Prisma.sql`ORDER BY "createdAt" DESC, id DESC LIMIT ${take}`;
  const status = opts.status;
  const source = (only: Prisma.Sql) => Prisma.sql`(SELECT * FROM deliveries WHERE ${where} AND ${only} ${newestFirst})`;
  const pending = source(Prisma.sql`status = 'pending'`);
  const inFlight = source(Prisma.sql`status = 'delivering'`);
  const settled = source(Prisma.sql`status NOT IN ('pending', 'delivering')${status ? Prisma.sql` AND status = ${status}::"DeliveryStatus"` : Prisma.empty}`);
  if (status === "pending") return pending;
  if (status === "delivering") return inFlight;
  if (status) return settled;
  return Prisma.sql`${settled} UNION ALL ${pending} UNION ALL ${inFlight} ${newestFirst}`;
}

/**
 * Newest-first keyset pagination over (createdAt, id), inside the retention window. The cursor
 * is sealed to the list it came from (scope and filters), so it cannot be replayed on another
 * endpoint or filter. An endpoint outside the scope is a 404 before anything is read.
 */
export async function listDeliveries(opts: DeliveryListScope & DeliveryFilters & { cursor?: string; limit?: number }) {
  if (opts.endpointId) await findEndpointRow({ workspaceId: opts.workspaceId, applicationId: opts.applicationId, endpointId: opts.endpointId });
  const limit = opts.limit ?? 50;
  const legacy = `${opts.workspaceId}/${opts.endpointId ?? ""}/${opts.applicationId ?? ""}/${opts.status ?? ""}`;
  const filtered = opts.eventType || opts.statusClass || opts.from || opts.to || opts.deliveryId || opts.messageId;
  // Unfiltered (or status-only) lists keep their original cursor scope, so links issued before
  // the filters existed stay valid.
  const scopeKey = filtered ? `${legacy}/${filterKey(opts)}` : legacy;
  const after = opts.cursor ? await openCursor(opts.cursor, scopeKey) : null;
  const rows = await db.$queryRaw<Delivery[]>(historyPageSql(opts, after, limit + 1));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? await sealCursor({ createdAt: last.createdAt, id: last.id }, scopeKey) : null;
  return { deliveries: (await withMessageFacts(page)).map(serializeDelivery), nextCursor };
}

export async function findDeliveryRow(opts: { workspaceId: string; deliveryId: string; applicationId?: string }): Promise<DeliveryWithMessage> {
  const row = await db.delivery.findFirst({
    where: { id: opts.deliveryId, workspaceId: opts.workspaceId, createdAt: { gte: retentionStart() }, ...(opts.applicationId ? { applicationId: opts.applicationId } : {}) },
  });
  if (!row) throw notFound("Delivery");
  return (await withMessageFacts([row]))[0];
}

/** The spec's payload envelope (§10.4): always a 200, the status says why there is no data. */
export async function payloadEnvelope(delivery: DeliveryWithMessage, plan: string): Promise<PayloadEnvelope> {
  const stored = await storedPayload(delivery, plan);
  if (stored.status !== "available") return { status: stored.status };
  try {
    return { status: "available", data: JSON.parse(stored.text), contentType: "application/json" };
  } catch {
    return { status: "error" };
  }
}

export type StoredPayload = { status: "available"; text: string } | { status: "forbidden" | "processing" | "not_found" | "error" };

/** The payload as stored (the producer's JSON, compact), unparsed; same statuses as the envelope. */
export async function storedPayload(delivery: DeliveryWithMessage, plan: string): Promise<StoredPayload> {
  if (plan === "free") return { status: "forbidden" };
  try {
    const message = await db.message.findUnique({ where: { id: delivery.messageId }, select: { payload: true } });
    if (message?.payload == null) return { status: delivery.status === "pending" ? "processing" : "not_found" };
    return { status: "available", text: message.payload };
  } catch {
    return { status: "error" };
  }
}

export async function listAttemptRows(deliveryId: string): Promise<Attempt[]> {
  return db.attempt.findMany({ where: { deliveryId }, orderBy: { attemptNumber: "asc" } });
}

function serializeAttempt(a: Attempt): AttemptDto {
  return {
    id: a.id,
    attemptNumber: a.attemptNumber,
    status: a.status === "success" ? "success" : "failed",
    responseStatusCode: a.responseStatusCode,
    responseTimeMs: a.responseTimeMs,
    errorMessage: a.errorMessage,
    createdAt: a.createdAt.toISOString(),
  };
}

/** D2: one delivery, with its payload envelope when asked for (free plans get `forbidden`). */
export async function getDelivery(opts: { workspaceId: string; deliveryId: string; includePayload: boolean; plan: string }) {
  const delivery = await findDeliveryRow(opts);
  const body = serializeDelivery(delivery);
  return opts.includePayload ? { ...body, payload: await payloadEnvelope(delivery, opts.plan) } : body;
}

/** D3: a delivery's attempts, oldest first. */
export async function listDeliveryAttempts(opts: { workspaceId: string; deliveryId: string }): Promise<AttemptDto[]> {
  const delivery = await findDeliveryRow(opts);
  return (await listAttemptRows(delivery.id)).map(serializeAttempt);
}
