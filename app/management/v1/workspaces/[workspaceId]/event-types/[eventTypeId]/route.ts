import { deleteEventTypeOp, getEventTypeOp, updateEventTypeOp } from "@/lib/api/management/event-types";
import { deleteEventType, getEventType, updateEventType } from "@/lib/event-types/event-types";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(getEventTypeOp, ({ ctx, params }) => getEventType({ workspaceId: ctx.workspace.id, eventTypeId: params.eventTypeId }));

export const PATCH = managementRoute(updateEventTypeOp, ({ ctx, params, body }) =>
  updateEventType({ workspaceId: ctx.workspace.id, eventTypeId: params.eventTypeId, actor: ctx.actor, input: body }),
);

export const DELETE = managementRoute(deleteEventTypeOp, async ({ ctx, params }) => {
  await deleteEventType({ workspaceId: ctx.workspace.id, eventTypeId: params.eventTypeId, actor: ctx.actor });
  return null;
});
