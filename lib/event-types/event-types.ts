import type { z } from "zod";
import type { CreateEventTypeBody, EventTypeSchema } from "@/lib/api/management/event-types";
import type { Actor } from "@/lib/audit/record";
import { recordAudit } from "@/lib/audit/record";
import { db, type EventType } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { ApiError, notFound } from "@/lib/http/errors";
import { newId } from "@/lib/ids";
import { checkSchemaAndExamples, forgetValidator } from "./schema";
import { assertSafePatterns } from "./regex-safety";

export type EventTypeDto = z.infer<typeof EventTypeSchema>;
type WithCount = EventType & { _count: { subscriptions: number } };

const withCount = { _count: { select: { subscriptions: true } } } as const;

function serializeEventType(type: WithCount): EventTypeDto {
  return {
    id: type.id,
    name: type.name,
    description: type.description,
    schema: parseSchema(type.schema),
    examples: parseExamples(type.examples),
    subscriberCount: type._count.subscriptions,
    createdAt: type.createdAt.toISOString(),
    updatedAt: type.updatedAt.toISOString(),
  };
}

export async function listEventTypes(opts: { workspaceId: string }): Promise<EventTypeDto[]> {
  const rows = await db.eventType.findMany({ where: { workspaceId: opts.workspaceId }, orderBy: { name: "asc" }, include: withCount });
  return rows.map(serializeEventType);
}

export async function getEventType(opts: { workspaceId: string; eventTypeId: string }): Promise<EventTypeDto> {
  const row = await db.eventType.findFirst({ where: { id: opts.eventTypeId, workspaceId: opts.workspaceId }, include: withCount });
  if (!row) throw notFound("Event type");
  return serializeEventType(row);
}

/** Stored as JSON text (see the schema's comment); written only by this module, so it parses. */
export const parseSchema = (text: string | null) => (text === null ? null : (JSON.parse(text) as Record<string, unknown>));
export const parseExamples = (text: string) => JSON.parse(text) as Record<string, unknown>[];

export async function createEventType(opts: { workspaceId: string; actor: Actor; input: z.infer<typeof CreateEventTypeBody> }): Promise<EventTypeDto> {
  checkSchemaAndExamples(opts.input.schema, opts.input.examples);
  if (opts.input.schema) await assertSafePatterns(opts.input.schema);
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.eventType.create({
        data: {
          id: newId("evt"), workspaceId: opts.workspaceId, name: opts.input.name, description: opts.input.description ?? null,
          schema: opts.input.schema ? JSON.stringify(opts.input.schema) : null, examples: JSON.stringify(opts.input.examples ?? []),
        },
        include: withCount,
      });
      // Published where operators work by default; other environments opt in (spec §9.4).
      const defaultEnv = await tx.environment.findFirst({ where: { workspaceId: opts.workspaceId, isDefault: true } });
      if (defaultEnv) await tx.eventTypeVisibility.create({ data: { environmentId: defaultEnv.id, eventTypeId: created.id, published: true } });
      await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "event_type.created", resourceType: "event_type", resourceId: created.id, metadata: { name: created.name } });
      return created;
    });
    return serializeEventType(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError("conflict", `An event type named "${opts.input.name}" already exists`);
    throw error;
  }
}

export async function updateEventType(opts: {
  workspaceId: string; eventTypeId: string; actor: Actor;
  input: { description?: string | null; schema?: Record<string, unknown> | null; examples?: Record<string, unknown>[] };
}): Promise<EventTypeDto> {
  const { description, schema, examples } = opts.input;
  // Checked before the transaction: the analysis can take a moment and needs no rows.
  if (schema) await assertSafePatterns(schema);
  await db.$transaction(async (tx) => {
    // Examples are checked against the schema the type will have after this update.
    const current = await tx.eventType.findFirst({ where: { id: opts.eventTypeId, workspaceId: opts.workspaceId }, select: { schema: true, examples: true } });
    if (!current) throw notFound("Event type");
    const nextSchema = schema !== undefined ? schema : parseSchema(current.schema);
    const nextExamples = examples ?? parseExamples(current.examples);
    if (schema !== undefined || examples !== undefined) checkSchemaAndExamples(nextSchema, nextExamples);
    const { count } = await tx.eventType.updateMany({
      where: { id: opts.eventTypeId, workspaceId: opts.workspaceId },
      data: {
        ...(description !== undefined ? { description } : {}),
        ...(schema !== undefined ? { schema: schema === null ? null : JSON.stringify(schema) } : {}),
        ...(examples !== undefined ? { examples: JSON.stringify(examples) } : {}),
      },
    });
    if (count === 0) throw notFound("Event type");
    await recordAudit(tx, {
      workspaceId: opts.workspaceId, actor: opts.actor, action: "event_type.updated", resourceType: "event_type", resourceId: opts.eventTypeId,
      metadata: { fields: Object.keys(opts.input).filter((k) => opts.input[k as keyof typeof opts.input] !== undefined) },
    });
  });
  forgetValidator(opts.eventTypeId);
  return getEventType(opts);
}

export async function getEventValidation(workspaceId: string): Promise<{ enabled: boolean }> {
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { validateEventSchemas: true } });
  return { enabled: ws.validateEventSchemas };
}

export async function setEventValidation(opts: { workspaceId: string; actor: Actor; enabled: boolean }): Promise<{ enabled: boolean }> {
  await db.$transaction(async (tx) => {
    // Conditional, so of two identical PUTs at once only the one that changed something audits.
    const { count } = await tx.workspace.updateMany({ where: { id: opts.workspaceId, validateEventSchemas: !opts.enabled }, data: { validateEventSchemas: opts.enabled } });
    if (count === 0) return;
    await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "workspace.event_validation_changed", resourceType: "workspace", resourceId: opts.workspaceId, metadata: { enabled: opts.enabled } });
  });
  return { enabled: opts.enabled };
}

export async function deleteEventType(opts: { workspaceId: string; eventTypeId: string; actor: Actor }): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.eventType.deleteMany({ where: { id: opts.eventTypeId, workspaceId: opts.workspaceId } });
    if (count === 0) throw notFound("Event type");
    await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "event_type.deleted", resourceType: "event_type", resourceId: opts.eventTypeId });
  });
}
