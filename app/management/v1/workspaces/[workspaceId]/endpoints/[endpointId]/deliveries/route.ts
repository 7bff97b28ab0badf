import { listDeliveriesOp } from "@/lib/api/management/deliveries";
import { listDeliveries } from "@/lib/deliveries/deliveries";
import { findEndpoint } from "@/lib/endpoints/endpoints";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(listDeliveriesOp, async ({ ctx, params, query }) => {
  await findEndpoint({ workspaceId: ctx.workspace.id, endpointId: params.endpointId });
  return listDeliveries({ workspaceId: ctx.workspace.id, endpointId: params.endpointId, ...query });
});
