import { rotatePortalSecret } from "@/lib/portal/operations";
import { portalRoute } from "@/lib/portal/route";

export const POST = portalRoute({ scope: "endpoints:write" }, ({ ctx, params }) => rotatePortalSecret(ctx, params.endpointId));
