import type { z } from "zod";
import type { CreateEventTypeBody, EventTypeSchema } from "@/lib/api/management/event-types";
import type { Actor } from "@/lib/audit/record";
import { recordAudit } from "@/lib/audit/record";
import { db, type EventType } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { ApiError, notFound } from "@/lib/http/errors";
import { newId } from "@/lib/ids";

export type EventTypeDto = z.infer<typeof EventTypeSchema>;
type WithCount = EventType & { _count: { subscriptions: number } };

const withCount = { _count: { select: { subscriptions: true } } } as const;

function serializeEventType(type: WithCount): EventTypeDto {
  return {
    id: type.id,
    name: type.name,
    description: type.description,
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

export async function createEventType(opts: { workspaceId: string; actor: Actor; input: z.infer<typeof CreateEventTypeBody> }): Promise<EventTypeDto> {
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.eventType.create({
        data: { id: newId("evt"), workspaceId: opts.workspaceId, name: opts.input.name, description: opts.input.description ?? null },
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

export async function updateEventType(opts: { workspaceId: string; eventTypeId: string; actor: Actor; description: string | null }): Promise<EventTypeDto> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.eventType.updateMany({ where: { id: opts.eventTypeId, workspaceId: opts.workspaceId }, data: { description: opts.description } });
    if (count === 0) throw notFound("Event type");
    await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "event_type.updated", resourceType: "event_type", resourceId: opts.eventTypeId });
  });
  return getEventType(opts);
}

export async function deleteEventType(opts: { workspaceId: string; eventTypeId: string; actor: Actor }): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.eventType.deleteMany({ where: { id: opts.eventTypeId, workspaceId: opts.workspaceId } });
    if (count === 0) throw notFound("Event type");
    await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "event_type.deleted", resourceType: "event_type", resourceId: opts.eventTypeId });
  });
}
