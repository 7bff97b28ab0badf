import { listDeliveriesOp } from "@/lib/api/management/deliveries";
import { listDeliveries } from "@/lib/delivery-history/deliveries";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(listDeliveriesOp, ({ ctx, params, query }) =>
  listDeliveries({ workspaceId: ctx.workspace.id, endpointId: params.endpointId, ...query }),
);
