import { allowList, matchTemplate } from "@/lib/http/route-table";

/**
 * The portal's JSON routes (app/portal/api/**) and their methods, so that a wrong method or an
 * unknown path under /portal/api answers in the error envelope (proxy.ts) rather than with Next's
 * empty 405 or the HTML 404 page. api-routes.test.ts keeps this list equal to the route files.
 */
export const PORTAL_API_ROUTES: readonly { path: string; methods: readonly string[] }[] = [
  { path: "/portal/api/sign-out", methods: ["POST"] },
  { path: "/portal/api/endpoints", methods: ["POST"] },
  { path: "/portal/api/endpoints/{endpointId}", methods: ["DELETE", "PATCH"] },
  { path: "/portal/api/endpoints/{endpointId}/secret", methods: ["POST"] },
  { path: "/portal/api/endpoints/{endpointId}/secret/rotate", methods: ["POST"] },
  { path: "/portal/api/endpoints/{endpointId}/test", methods: ["POST"] },
  { path: "/portal/api/endpoints/{endpointId}/recover", methods: ["POST"] },
  { path: "/portal/api/endpoints/{endpointId}/recover/{jobId}", methods: ["GET"] },
  { path: "/portal/api/endpoints/{endpointId}/subscriptions/{eventTypeId}", methods: ["DELETE", "PUT"] },
  { path: "/portal/api/deliveries/{deliveryId}/payload", methods: ["GET"] },
  { path: "/portal/api/deliveries/{deliveryId}/retry", methods: ["POST"] },
  { path: "/portal/api/deliveries/{deliveryId}/replay", methods: ["POST"] },
];

/** The methods a /portal/api path allows (HEAD with GET), or null when no route matches. */
export function portalApiMethods(pathname: string): string[] | null {
  const route = PORTAL_API_ROUTES.find((r) => matchTemplate(r.path, pathname));
  return route ? allowList(route.methods) : null;
}
