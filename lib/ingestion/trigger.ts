import { randomUUID } from "node:crypto";
import type { IngestionContext } from "@/lib/auth/ingestion";
import { enqueueOne, type EnqueueInput, type EnqueueOutcome } from "@/lib/delivery/queue";
import { queuePool } from "@/lib/db/pg";
import { assertMatches, cachedValidator, cacheValidator } from "@/lib/event-types/schema";
import { notFound } from "@/lib/http/errors";
import { keyUsedElsewhere } from "./send";

export interface TriggerInput {
  eventType: string;
  payload: Record<string, unknown>;
  /** Accepted (spec §12.3) but not used downstream. */
  metadata?: Record<string, string>;
  /** Optional (batch items, CLI): a repeat with the same key answers with the first fan-out. */
  idempotencyKey?: string;
}

export interface EventTypeTargets {
  eventTypeId: string;
  /** Active subscribed endpoints of the key's environment, oldest first. */
  endpoints: string[];
  /** The workspace validates payloads and this type has a schema; `version` keys the compiled validator. */
  validate: boolean;
  version: Date;
}

type Validator = ReturnType<typeof cacheValidator>;

/** $1 workspace, $2 environment, $3 event type names. */
export const TRIGGER_TARGETS_SQL = `SELECT et.id, et.name, et."updatedAt" AS version,
       (et.schema IS NOT NULL AND (SELECT "validateEventSchemas" FROM workspaces WHERE id = $1)) AS validate,
       -- Each subscriber's endpoint by its primary key: work in proportion to the fan-out. As a
       -- join, the cached (generic) plan of this named statement read the whole endpoints table
       -- for every trigger.
       ARRAY(SELECT e.id FROM subscriptions s CROSS JOIN LATERAL (SELECT * FROM endpoints e WHERE e.id = s."endpointId" LIMIT 1) e
             WHERE s."eventTypeId" = et.id AND e."workspaceId" = $1 AND e."environmentId" = $2 AND e."isActive"
             ORDER BY e."createdAt", e.id) AS endpoints
     FROM event_types et WHERE et."workspaceId" = $1 AND et.name = ANY($3::text[])`;

/** The event types' ids and subscribers, by name, in one query (absent names are unknown types). */
export async function lookupEventTypes(ctx: IngestionContext, names: string[]): Promise<Map<string, EventTypeTargets>> {
  const { rows } = await queuePool().query<{ id: string; name: string; endpoints: string[]; validate: boolean; version: Date }>({
    name: "nahook_trigger_targets",
    text: TRIGGER_TARGETS_SQL,
    values: [ctx.workspaceId, ctx.environmentId, [...new Set(names)]],
  });
  return new Map(rows.map((r) => [r.name, { eventTypeId: r.id, endpoints: r.endpoints, validate: r.validate, version: r.version }]));
}

/**
 * The compiled validators of the types that need one, by event type id. Compiled once per
 * (type, updatedAt): the schema is read and compiled again only after it changes.
 */
export async function loadValidators(types: Map<string, EventTypeTargets>): Promise<Map<string, Validator>> {
  const validators = new Map<string, Validator>();
  for (const t of types.values()) {
    if (!t.validate) continue;
    let validate = cachedValidator(t.eventTypeId, t.version);
    if (!validate) {
      const { rows } = await queuePool().query<{ schema: string | null; version: Date }>(`SELECT schema, "updatedAt" AS version FROM event_types WHERE id = $1`, [t.eventTypeId]);
      if (!rows[0]?.schema) continue;
      validate = cacheValidator(t.eventTypeId, rows[0].version, JSON.parse(rows[0].schema) as Record<string, unknown>);
    }
    validators.set(t.eventTypeId, validate);
  }
  return validators;
}

/** What a trigger writes, or null when no endpoint subscribes. Unknown type → 404. */
export function prepareTrigger(
  ctx: IngestionContext,
  input: TriggerInput,
  types: Map<string, EventTypeTargets>,
  validators: Map<string, Validator>,
): { targets: EventTypeTargets; idempotencyKey: string; enqueue: EnqueueInput | null } {
  const targets = types.get(input.eventType);
  if (!targets) throw notFound("Event type");
  // The workspace turned validation on and the type has a schema: 400 naming the failing path.
  const validate = validators.get(targets.eventTypeId);
  if (validate) assertMatches(validate, input.payload, "payload");
  // One key per fan-out: (endpoint, key) stays unique, and a caller's key dedupes repeats.
  const idempotencyKey = input.idempotencyKey ?? randomUUID();
  if (targets.endpoints.length === 0) return { targets, idempotencyKey, enqueue: null };
  return {
    targets,
    idempotencyKey,
    enqueue: {
      workspaceId: ctx.workspaceId,
      environmentId: ctx.environmentId,
      eventTypeId: targets.eventTypeId,
      eventType: input.eventType,
      payload: JSON.stringify(input.payload),
      targets: targets.endpoints.map((endpointId) => ({ endpointId, idempotencyKey })),
    },
  };
}

/** The answer for a trigger's outcome; a repeated key answers with the first fan-out's deliveries. */
export async function settleTrigger(ctx: IngestionContext, targets: EventTypeTargets, idempotencyKey: string, outcome: EnqueueOutcome | null) {
  const accepted = (deliveryIds: string[]) => ({ eventTypeId: targets.eventTypeId, deliveryIds, status: "accepted" as const });
  if (!outcome) return accepted([]);
  if (!("conflict" in outcome)) return accepted(outcome.deliveries.map((d) => d.id));
  // The first fan-out's deliveries, in the order the first answer gave them (subscribers oldest first).
  const previous = await queuePool().query<{ id: string; eventTypeId: string | null; eventType: string | null }>(
    `WITH first AS (
       SELECT "messageId" FROM deliveries
       WHERE "endpointId" = ANY($1::text[]) AND "idempotencyKey" = $2 AND "workspaceId" = $3 LIMIT 1
     )
     SELECT d.id, m."eventTypeId", m."eventType"
     FROM first JOIN messages m ON m.id = first."messageId" JOIN deliveries d ON d."messageId" = first."messageId"
     ORDER BY array_position($1::text[], d."endpointId"), d.id`,
    [targets.endpoints, idempotencyKey, ctx.workspaceId],
  );
  // A key names one event: the same key on another event type's (or a direct send's) delivery to
  // one of these subscribers is a different event, not a repeat of this one.
  const first = previous.rows[0];
  if (first && first.eventTypeId !== targets.eventTypeId) throw keyUsedElsewhere(first.eventType === null ? "a direct send" : `a trigger of ${first.eventType}`);
  return accepted(previous.rows.map((r) => r.id));
}

/**
 * Trigger an event type (spec §12.3): one delivery per ACTIVE endpoint of the key's
 * environment subscribed to it. Unknown type → 404; no subscriber → accepted with no delivery.
 */
export async function triggerEvent(ctx: IngestionContext, input: TriggerInput) {
  const types = await lookupEventTypes(ctx, [input.eventType]);
  const { targets, idempotencyKey, enqueue } = prepareTrigger(ctx, input, types, await loadValidators(types));
  return settleTrigger(ctx, targets, idempotencyKey, enqueue ? await enqueueOne(enqueue) : null);
}
