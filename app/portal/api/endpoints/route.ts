import { endpointDisplayName } from "@/components/portal/format";
import { createPortalEndpoint, portalEndpointForClient } from "@/lib/portal/endpoints";
import { portalRoute } from "@/lib/portal/route";
import { PortalCreateEndpointBody } from "@/lib/portal/schemas";

export const POST = portalRoute({ scope: "endpoints:write", body: PortalCreateEndpointBody }, async ({ ctx, body }) =>
  Response.json(portalEndpointForClient(await createPortalEndpoint(ctx, body), endpointDisplayName), { status: 201, headers: { "cache-control": "no-store" } }),
);
