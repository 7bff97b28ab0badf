import { getDeliveryOp } from "@/lib/api/management/deliveries";
import { getDelivery } from "@/lib/delivery-history/deliveries";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(getDeliveryOp, ({ ctx, params, query }) =>
  getDelivery({ workspaceId: ctx.workspace.id, deliveryId: params.deliveryId, includePayload: query.include === "payload", plan: ctx.workspace.plan }),
);
