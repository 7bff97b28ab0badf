import { replayDelivery } from "@/lib/delivery/manual-retry";
import { portalRoute } from "@/lib/portal/route";

export const POST = portalRoute({ scope: "deliveries:retry" }, async ({ ctx, params }) => {
  const delivery = await replayDelivery({ workspaceId: ctx.workspaceId, applicationId: ctx.applicationId, deliveryId: params.deliveryId, actor: ctx.actor });
  return Response.json({ id: delivery.id, status: delivery.status }, { status: 202, headers: { "cache-control": "no-store" } });
});
