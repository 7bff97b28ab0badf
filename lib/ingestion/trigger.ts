import { randomUUID } from "node:crypto";
import type { IngestionContext } from "@/lib/auth/ingestion";
import { enqueueMessage } from "@/lib/delivery/queue";
import { isUniqueViolation } from "@/lib/db/errors";
import { queuePool } from "@/lib/db/pg";
import { assertMatches, cachedValidator, cacheValidator } from "@/lib/event-types/schema";
import { notFound } from "@/lib/http/errors";

export interface TriggerInput {
  eventType: string;
  payload: Record<string, unknown>;
  /** Accepted (spec §12.3) but not used downstream. */
  metadata?: Record<string, string>;
  /** Optional (batch items, CLI): a repeat with the same key answers with the first fan-out. */
  idempotencyKey?: string;
}

/**
 * Trigger an event type (spec §12.3): one delivery per ACTIVE endpoint of the key's
 * environment subscribed to it. Unknown type → 404; no subscriber → accepted with no delivery.
 */
export async function triggerEvent(ctx: IngestionContext, input: TriggerInput) {
  const pool = queuePool();
  const { rows } = await pool.query<{ id: string; endpoints: string[]; validate: boolean; version: Date }>(
    `SELECT et.id, et."updatedAt" AS version,
       (et.schema IS NOT NULL AND (SELECT "validateEventSchemas" FROM workspaces WHERE id = $1)) AS validate,
       ARRAY(SELECT e.id FROM subscriptions s JOIN endpoints e ON e.id = s."endpointId"
             WHERE s."eventTypeId" = et.id AND e."workspaceId" = $1 AND e."environmentId" = $2 AND e."isActive"
             ORDER BY e."createdAt", e.id) AS endpoints
     FROM event_types et WHERE et."workspaceId" = $1 AND et.name = $3`,
    [ctx.workspaceId, ctx.environmentId, input.eventType],
  );
  if (rows.length === 0) throw notFound("Event type");
  const { id: eventTypeId, endpoints } = rows[0];
  if (rows[0].validate) await validatePayload(eventTypeId, rows[0].version, input.payload);
  const accepted = (deliveryIds: string[]) => ({ eventTypeId, deliveryIds, status: "accepted" as const });
  if (endpoints.length === 0) return accepted([]);

  // One key per fan-out: (endpoint, key) stays unique, and a caller's key dedupes repeats.
  const idempotencyKey = input.idempotencyKey ?? randomUUID();
  try {
    const { deliveries } = await enqueueMessage({
      workspaceId: ctx.workspaceId,
      environmentId: ctx.environmentId,
      eventTypeId,
      eventType: input.eventType,
      payload: JSON.stringify(input.payload),
      targets: endpoints.map((endpointId) => ({ endpointId, idempotencyKey })),
    });
    return accepted(deliveries.map((d) => d.id));
  } catch (error) {
    if (!isUniqueViolation(error) || !input.idempotencyKey) throw error;
    const previous = await pool.query<{ id: string }>(
      `SELECT d.id FROM deliveries d
       WHERE d."messageId" = (SELECT "messageId" FROM deliveries
                              WHERE "endpointId" = ANY($1::text[]) AND "idempotencyKey" = $2 AND "workspaceId" = $3 LIMIT 1)
       ORDER BY d.id`,
      [endpoints, idempotencyKey, ctx.workspaceId],
    );
    return accepted(previous.rows.map((r) => r.id));
  }
}

/**
 * The workspace validates payloads and this type has a schema: 400 naming the failing path
 * (payload.items.0.price). The compiled validator is cached per (type, updatedAt), so the
 * schema itself is read and compiled only after it changes.
 */
async function validatePayload(eventTypeId: string, version: Date, payload: Record<string, unknown>): Promise<void> {
  let validate = cachedValidator(eventTypeId, version);
  if (!validate) {
    const { rows } = await queuePool().query<{ schema: string | null; version: Date }>(
      `SELECT schema, "updatedAt" AS version FROM event_types WHERE id = $1`,
      [eventTypeId],
    );
    if (!rows[0]?.schema) return;
    validate = cacheValidator(eventTypeId, rows[0].version, JSON.parse(rows[0].schema) as Record<string, unknown>);
  }
  assertMatches(validate, payload, "payload");
}
