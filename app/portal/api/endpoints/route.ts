import { createPortalEndpoint } from "@/lib/portal/endpoints";
import { portalRoute } from "@/lib/portal/route";
import { PortalCreateEndpointBody } from "@/lib/portal/schemas";

export const POST = portalRoute({ scope: "endpoints:write", body: PortalCreateEndpointBody }, async ({ ctx, body }) =>
  Response.json(await createPortalEndpoint(ctx, body), { status: 201, headers: { "cache-control": "no-store" } }),
);
