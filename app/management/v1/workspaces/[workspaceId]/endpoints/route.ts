import { createEndpointOp, listEndpointsOp } from "@/lib/api/management/endpoints";
import { createEndpoint, listEndpoints } from "@/lib/endpoints/endpoints";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(listEndpointsOp, ({ ctx }) => listEndpoints({ workspaceId: ctx.workspace.id }));

export const POST = managementRoute(createEndpointOp, ({ ctx, body }) =>
  createEndpoint({ workspaceId: ctx.workspace.id, actor: ctx.actor, input: body }),
);
