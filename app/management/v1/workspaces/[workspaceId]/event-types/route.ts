import { createEventTypeOp, listEventTypesOp } from "@/lib/api/management/event-types";
import { createEventType, listEventTypes } from "@/lib/event-types/event-types";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(listEventTypesOp, ({ ctx }) => listEventTypes({ workspaceId: ctx.workspace.id }));

export const POST = managementRoute(createEventTypeOp, ({ ctx, body }) =>
  createEventType({ workspaceId: ctx.workspace.id, actor: ctx.actor, input: body }),
);
