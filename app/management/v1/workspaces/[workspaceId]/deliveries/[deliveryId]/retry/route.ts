import { retryDeliveryOp } from "@/lib/api/management/delivery-ops";
import { retryDelivery } from "@/lib/delivery/manual-retry";
import { managementRoute } from "@/lib/http/management-route";

export const POST = managementRoute(retryDeliveryOp, ({ ctx, params }) =>
  retryDelivery({ workspaceId: ctx.workspace.id, deliveryId: params.deliveryId, actor: ctx.actor }),
);
