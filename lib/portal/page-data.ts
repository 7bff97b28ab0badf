import { cache } from "react";
import { getPortalDelivery } from "./deliveries";
import { getPortalEndpoint } from "./endpoints";
import { orNotFound } from "./page-errors";
import { requirePortalPage } from "./session";

/**
 * Lookups shared by a detail segment's layout and its pages within one request. The layout
 * calls them outside any loading boundary, so a foreign or unknown id becomes a real HTTP 404
 * before anything streams; pages calling them again get the memoised result.
 */
export const endpointForPage = cache(async (endpointId: string) => {
  const ctx = await requirePortalPage("endpoints:read");
  return { ctx, endpoint: await orNotFound(getPortalEndpoint(ctx, endpointId)) };
});

export const deliveryForPage = cache(async (deliveryId: string) => {
  const ctx = await requirePortalPage("deliveries:read");
  return { ctx, ...(await orNotFound(getPortalDelivery(ctx, deliveryId))) };
});
