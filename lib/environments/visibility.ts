import type { z } from "zod";
import type { EventTypeVisibilitySchema } from "@/lib/api/management/environments";
import type { Actor } from "@/lib/audit/record";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { findEnvironmentRow } from "./environments";

export type EventTypeVisibilityDto = z.infer<typeof EventTypeVisibilitySchema>;

/** One entry per event type of the workspace; a type without a visibility row is unpublished. */
export async function listEventTypeVisibility(opts: { workspaceId: string; envId: string }): Promise<EventTypeVisibilityDto[]> {
  const env = await findEnvironmentRow(opts);
  const types = await db.eventType.findMany({
    where: { workspaceId: opts.workspaceId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, visibility: { where: { environmentId: env.id }, select: { published: true } } },
  });
  return types.map((t) => ({ eventTypeId: t.id, eventTypeName: t.name, published: t.visibility[0]?.published ?? false }));
}

export async function setEventTypeVisibility(opts: { workspaceId: string; envId: string; eventTypeId: string; published: boolean; actor: Actor }): Promise<EventTypeVisibilityDto> {
  return db.$transaction(async (tx) => {
    const env = await tx.environment.findFirst({ where: { id: opts.envId, workspaceId: opts.workspaceId }, select: { id: true } });
    if (!env) throw notFound("Environment");
    const eventType = await tx.eventType.findFirst({ where: { id: opts.eventTypeId, workspaceId: opts.workspaceId }, select: { id: true, name: true } });
    if (!eventType) throw notFound("Event type");
    const key = { environmentId: env.id, eventTypeId: eventType.id };
    const before = await tx.eventTypeVisibility.findUnique({ where: { environmentId_eventTypeId: key }, select: { published: true } });
    const previous = before?.published ?? false;
    await tx.eventTypeVisibility.upsert({ where: { environmentId_eventTypeId: key }, create: { ...key, published: opts.published }, update: { published: opts.published } });
    // A PUT that changes nothing is not an event worth auditing.
    if (previous !== opts.published) {
      await recordAudit(tx, {
        workspaceId: opts.workspaceId, actor: opts.actor, action: "event_type.visibility_changed", resourceType: "event_type", resourceId: eventType.id,
        metadata: { environmentId: env.id, published: opts.published },
      });
    }
    return { eventTypeId: eventType.id, eventTypeName: eventType.name, published: opts.published };
  });
}
