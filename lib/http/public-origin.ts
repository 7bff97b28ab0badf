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

function originOf(value: string | undefined, name: string): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`${name} must be an http(s) URL`);
  return url.origin;
}

/** `NAHOOK_PUBLIC_URL`'s origin, when configured. */
export function configuredPublicOrigin(): string | null {
  return originOf(process.env.NAHOOK_PUBLIC_URL, "NAHOOK_PUBLIC_URL");
}

/** `PORTAL_BASE_URL` (the portal on a host of its own), when configured. */
export function configuredPortalBase(): string | null {
  const value = process.env.PORTAL_BASE_URL;
  if (!value) return null;
  originOf(value, "PORTAL_BASE_URL");
  return value.replace(/\/+$/, "");
}

export function trustedProxyHops(): number {
  const raw = process.env.NAHOOK_TRUST_PROXY_HOPS ?? "0";
  const hops = Number(raw);
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) throw new Error(`NAHOOK_TRUST_PROXY_HOPS must be an integer 0–10, got ${JSON.stringify(raw)}`);
  return hops;
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
