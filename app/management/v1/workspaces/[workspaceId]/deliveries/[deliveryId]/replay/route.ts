import { replayDeliveryOp } from "@/lib/api/management/recover";
import { replayDelivery } from "@/lib/delivery/manual-retry";
import { managementRoute } from "@/lib/http/management-route";

export const POST = managementRoute(replayDeliveryOp, ({ ctx, params }) =>
  replayDelivery({ workspaceId: ctx.workspace.id, deliveryId: params.deliveryId, actor: ctx.actor }),
);
