import { config } from "@/lib/config";
import { isValidHostHeader } from "./host";

/**
 * The one place that decides which origin (scheme://host[:port]) the public reaches us at: for
 * links we hand out, the OpenAPI document's server, redirects, the portal's Origin check and
 * the Secure cookie flag.
 *
 * - `NAHOOK_PUBLIC_URL` set: that, whatever the request says.
 * - Otherwise the request's Host header over http; `X-Forwarded-Proto`/`X-Forwarded-Host` are
 *   read only when `NAHOOK_TRUST_PROXY_HOPS` (default 0) says how many proxies stand in front:
 *   from a comma-separated chain the value the outermost trusted proxy wrote is used
 *   (entry `length - hops`), so whatever a client put in front of it is ignored.
 */

/** `NAHOOK_PUBLIC_URL`'s origin, when configured. */
export function configuredPublicOrigin(): string | null {
  const url = config().publicUrl;
  return url ? new URL(url).origin : null;
}

/** `PORTAL_BASE_URL` (the portal on a host of its own), when configured. */
export function configuredPortalBase(): string | null {
  return config().portalBaseUrl ?? null;
}

export function trustedProxyHops(): number {
  return config().trustProxyHops;
}

/** The value the outermost trusted proxy wrote in a forwarded header, or null. */
function forwarded(request: Request, name: string, hops: number): string | null {
  if (hops === 0) return null;
  const values = (request.headers.get(name) ?? "").split(",").map((v) => v.trim()).filter(Boolean);
  if (values.length === 0) return null;
  return values[Math.max(0, values.length - hops)];
}

export function publicOrigin(request: Request): string {
  const configured = configuredPublicOrigin();
  if (configured) return configured;
  const hops = trustedProxyHops();
  const proto = forwarded(request, "x-forwarded-proto", hops)?.toLowerCase() === "https" ? "https" : "http";
  const forwardedHost = forwarded(request, "x-forwarded-host", hops);
  const host = [forwardedHost, request.headers.get("host")].find((h): h is string => !!h && isValidHostHeader(h)) ?? "localhost";
  return `${proto}://${host.toLowerCase()}`;
}

/** Where portal links point: `PORTAL_BASE_URL`, else the public origin. */
export function portalBaseUrl(request: Request): string {
  return configuredPortalBase() ?? publicOrigin(request);
}

/** Origins the portal's own pages are served from (for the Origin check on its mutations). */
export function portalOrigins(request: Request): string[] {
  const base = configuredPortalBase();
  return [publicOrigin(request), ...(base ? [new URL(base).origin] : [])];
}

/** Whether cookies must be Secure: the customer reaches the portal over https. */
export function isHttps(request: Request): boolean {
  return portalOrigins(request).some((o) => o.startsWith("https:"));
}
