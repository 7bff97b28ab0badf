import { ApiError } from "@/lib/http/errors";
import { getPortalPayload } from "@/lib/portal/deliveries";
import { portalRoute } from "@/lib/portal/route";

// The whole stored payload as a file: the delivery page shows at most a bounded excerpt.
export const GET = portalRoute({ scope: "deliveries:read" }, async ({ ctx, params }) => {
  const stored = await getPortalPayload(ctx, params.deliveryId);
  if (stored.status !== "available") throw new ApiError("not_found", "The payload is not available");
  return new Response(stored.text, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${params.deliveryId}.json"`,
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    },
  });
});
