import { getEventValidationOp, setEventValidationOp } from "@/lib/api/management/event-types";
import { getEventValidation, setEventValidation } from "@/lib/event-types/event-types";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(getEventValidationOp, ({ ctx }) => getEventValidation(ctx.workspace.id));

export const PUT = managementRoute(setEventValidationOp, ({ ctx, body }) =>
  setEventValidation({ workspaceId: ctx.workspace.id, actor: ctx.actor, enabled: body.enabled }),
);
