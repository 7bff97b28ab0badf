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
    // One statement that writes only a change and says what it did: of two identical PUTs at once,
    // the second waits for the first's row and then finds nothing to change. A missing row reads
    // as unpublished, so creating it unpublished changes nothing either.
    const written = await tx.$queryRaw<{ inserted: boolean }[]>`
      INSERT INTO event_type_visibility ("environmentId", "eventTypeId", published, "updatedAt")
      VALUES (${env.id}, ${eventType.id}, ${opts.published}, now())
      ON CONFLICT ("environmentId", "eventTypeId") DO UPDATE SET published = EXCLUDED.published, "updatedAt" = now()
        WHERE event_type_visibility.published IS DISTINCT FROM EXCLUDED.published
      RETURNING (xmax = 0) AS inserted`;
    // A PUT that changes nothing is not an event worth auditing.
    if (written.length === 1 && !(written[0].inserted && !opts.published)) {
      await recordAudit(tx, {
        workspaceId: opts.workspaceId, actor: opts.actor, action: "event_type.visibility_changed", resourceType: "event_type", resourceId: eventType.id,
        metadata: { environmentId: env.id, published: opts.published },
      });
    }
    return { eventTypeId: eventType.id, eventTypeName: eventType.name, published: opts.published };
  });
}
