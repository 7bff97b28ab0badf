import { listAttemptsOp } from "@/lib/api/management/deliveries";
import { findDelivery, listAttempts, serializeAttempt } from "@/lib/deliveries/deliveries";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(listAttemptsOp, async ({ ctx, params }) => {
  const delivery = await findDelivery({ workspaceId: ctx.workspace.id, deliveryId: params.deliveryId });
  return (await listAttempts(delivery.id)).map(serializeAttempt);
});
