import { subscribePortalEndpoint, unsubscribePortalEndpoint } from "@/lib/portal/endpoints";
import { portalRoute } from "@/lib/portal/route";

export const PUT = portalRoute({ scope: "subscriptions:write" }, async ({ ctx, params }) => {
  await subscribePortalEndpoint(ctx, params.endpointId, params.eventTypeId);
  return null;
});

export const DELETE = portalRoute({ scope: "subscriptions:write" }, async ({ ctx, params }) => {
  await unsubscribePortalEndpoint(ctx, params.endpointId, params.eventTypeId);
  return null;
});
