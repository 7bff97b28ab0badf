import { createApplicationEndpointOp, listApplicationEndpointsOp } from "@/lib/api/management/endpoints";
import { createEndpoint, listEndpoints } from "@/lib/endpoints/endpoints";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(listApplicationEndpointsOp, ({ ctx, params }) =>
  listEndpoints({ workspaceId: ctx.workspace.id, applicationId: params.appId }),
);

export const POST = managementRoute(createApplicationEndpointOp, ({ ctx, params, body }) =>
  createEndpoint({ workspaceId: ctx.workspace.id, applicationId: params.appId, actor: ctx.actor, input: body }),
);
