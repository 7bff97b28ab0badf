import { createApplicationEndpointOp, listApplicationEndpointsOp } from "@/lib/api/management/endpoints";
import { findApplication } from "@/lib/applications/applications";
import { createEndpoint, listEndpoints, serializeEndpoint } from "@/lib/endpoints/endpoints";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(listApplicationEndpointsOp, async ({ ctx, params }) => {
  await findApplication(ctx.workspace.id, params.appId);
  return (await listEndpoints({ workspaceId: ctx.workspace.id, applicationId: params.appId })).map((e) => serializeEndpoint(e));
});

export const POST = managementRoute(createApplicationEndpointOp, ({ ctx, params, body }) =>
  createEndpoint({ workspaceId: ctx.workspace.id, applicationId: params.appId, actor: ctx.actor, input: body }),
);
