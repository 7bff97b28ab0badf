import { setEventTypeVisibilityOp } from "@/lib/api/management/environments";
import { setEventTypeVisibility } from "@/lib/environments/visibility";
import { managementRoute } from "@/lib/http/management-route";

export const PUT = managementRoute(setEventTypeVisibilityOp, ({ ctx, params, body }) =>
  setEventTypeVisibility({ workspaceId: ctx.workspace.id, envId: params.envId, eventTypeId: params.eventTypeId, published: body.published, actor: ctx.actor }),
);
