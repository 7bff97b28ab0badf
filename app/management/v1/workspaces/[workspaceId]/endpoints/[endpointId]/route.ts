import { deleteEndpointOp, getEndpointOp, updateEndpointOp } from "@/lib/api/management/endpoints";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/lib/endpoints/endpoints";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(getEndpointOp, ({ ctx, params }) => getEndpoint({ workspaceId: ctx.workspace.id, endpointId: params.endpointId }));

export const PATCH = managementRoute(updateEndpointOp, ({ ctx, params, body }) =>
  updateEndpoint({ workspaceId: ctx.workspace.id, endpointId: params.endpointId, actor: ctx.actor, input: body }),
);

export const DELETE = managementRoute(deleteEndpointOp, async ({ ctx, params }) => {
  await deleteEndpoint({ workspaceId: ctx.workspace.id, endpointId: params.endpointId, actor: ctx.actor });
  return null;
});
