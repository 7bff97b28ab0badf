import { retryPortalDelivery } from "@/lib/portal/operations";
import { portalRoute } from "@/lib/portal/route";

export const POST = portalRoute({ scope: "deliveries:retry" }, async ({ ctx, params }) => {
  await retryPortalDelivery(ctx, params.deliveryId);
  return null;
});
