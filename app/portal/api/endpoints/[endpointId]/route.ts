import { deletePortalEndpoint, updatePortalEndpoint } from "@/lib/portal/endpoints";
import { portalRoute } from "@/lib/portal/route";
import { PortalUpdateEndpointBody } from "@/lib/portal/schemas";

export const PATCH = portalRoute({ scope: "endpoints:write", body: PortalUpdateEndpointBody }, ({ ctx, params, body }) =>
  updatePortalEndpoint(ctx, params.endpointId, body),
);

export const DELETE = portalRoute({ scope: "endpoints:delete" }, async ({ ctx, params }) => {
  await deletePortalEndpoint(ctx, params.endpointId);
  return null;
});
