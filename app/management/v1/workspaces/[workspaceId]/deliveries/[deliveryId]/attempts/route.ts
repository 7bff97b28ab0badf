import { listAttemptsOp } from "@/lib/api/management/deliveries";
import { listDeliveryAttempts } from "@/lib/delivery-history/deliveries";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(listAttemptsOp, ({ ctx, params }) =>
  listDeliveryAttempts({ workspaceId: ctx.workspace.id, deliveryId: params.deliveryId }),
);
