import { getDeliveryOp } from "@/lib/api/management/deliveries";
import { findDelivery, payloadEnvelope, serializeDelivery } from "@/lib/deliveries/deliveries";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(getDeliveryOp, async ({ ctx, params, query }) => {
  const delivery = await findDelivery({ workspaceId: ctx.workspace.id, deliveryId: params.deliveryId });
  const body = serializeDelivery(delivery);
  return query.include === "payload" ? { ...body, payload: await payloadEnvelope(delivery, ctx.workspace.plan) } : body;
});
