import { revealSecret } from "@/lib/portal/endpoints";
import { portalRoute } from "@/lib/portal/route";

// POST, not GET: revealing a credential is an action (same-origin checked, never cached or prefetched).
export const POST = portalRoute({ scope: "endpoints:read" }, ({ ctx, params }) => revealSecret(ctx, params.endpointId));
