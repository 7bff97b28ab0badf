import { endpointDisplayName } from "@/components/portal/format";
import { deletePortalEndpoint, portalEndpointForClient, updatePortalEndpoint } from "@/lib/portal/endpoints";
import { portalRoute } from "@/lib/portal/route";
import { PortalUpdateEndpointBody } from "@/lib/portal/schemas";

export const PATCH = portalRoute({ scope: "endpoints:write", body: PortalUpdateEndpointBody }, async ({ ctx, params, body }) =>
  portalEndpointForClient(await updatePortalEndpoint(ctx, params.endpointId, body), endpointDisplayName),
);

export const DELETE = portalRoute({ scope: "endpoints:delete" }, async ({ ctx, params }) => {
  await deletePortalEndpoint(ctx, params.endpointId);
  return null;
});
