import { createEndpointOp, listEndpointsOp } from "@/lib/api/management/endpoints";
import { createEndpoint, listEndpoints, serializeEndpoint } from "@/lib/endpoints/endpoints";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(listEndpointsOp, async ({ ctx }) =>
  (await listEndpoints({ workspaceId: ctx.workspace.id })).map((e) => serializeEndpoint(e)),
);

export const POST = managementRoute(createEndpointOp, ({ ctx, body }) =>
  createEndpoint({ workspaceId: ctx.workspace.id, actor: ctx.actor, input: body }),
);
