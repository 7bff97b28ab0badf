import { sealData, unsealData } from "iron-session";
import { sessionSecret } from "@/lib/settings/system-secret";
import { isHttps } from "@/lib/http/public-origin";

/** The cookie only carries the session row's id, sealed; everything else is read from the row. */
export const PORTAL_COOKIE = "nahook_portal";
export const PORTAL_COOKIE_PATH = "/portal";
/** Longest possible session (60 min) plus slack; the row's expiresAt is what really counts. */
const COOKIE_TTL_SECONDS = 65 * 60;

interface CookiePayload {
  sid: string;
}

export async function sealPortalCookie(sessionId: string): Promise<string> {
  return sealData({ sid: sessionId } satisfies CookiePayload, { password: await sessionSecret(), ttl: COOKIE_TTL_SECONDS });
}

/** The session id in a cookie value, or null when it is missing, tampered with or too old. */
export async function unsealPortalCookie(value: string | undefined): Promise<string | null> {
  if (!value) return null;
  try {
    const data = await unsealData<Partial<CookiePayload>>(value, { password: await sessionSecret(), ttl: COOKIE_TTL_SECONDS });
    return typeof data.sid === "string" ? data.sid : null;
  } catch {
    return null;
  }
}

export function portalCookieOptions(secure: boolean, maxAgeSeconds: number) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: PORTAL_COOKIE_PATH, maxAge: Math.max(0, Math.ceil(maxAgeSeconds)) };
}

/**
 * Is this request a navigation inside a frame? Browsers say so in Sec-Fetch-Dest (Chromium 80+,
 * Firefox 90+, Safari 16.4+); the one-time link and everything after it load in the frame, so
 * the header on the request that creates the session decides how the cookie is made.
 */
export function isFrameNavigation(request: Request): boolean {
  const dest = request.headers.get("sec-fetch-dest");
  return dest === "iframe" || dest === "frame";
}

/**
 * Cookie attributes for the request that sets (or clears) the session cookie.
 *
 * Top-level (the normal case): unchanged — `SameSite=Lax`, `Secure` on https.
 * Inside a frame of another site a Lax cookie is never sent back, so the cookie becomes
 * `SameSite=None; Secure; Partitioned` (CHIPS): the browser keeps it in a jar keyed by the
 * embedding top-level site, so it is not a third-party cookie that could follow the customer
 * to other sites, and it keeps working where third-party cookies are blocked. `Secure` is
 * required by both attributes; browsers accept it on https and on http://localhost/127.0.0.1.
 * Which sites may embed at all is the CSP frame-ancestors list (lib/portal/framing.ts).
 */
export function portalCookieOptionsFor(request: Request, maxAgeSeconds: number) {
  if (!isFrameNavigation(request)) return portalCookieOptions(isHttps(request), maxAgeSeconds);
  return { ...portalCookieOptions(true, maxAgeSeconds), sameSite: "none" as const, partitioned: true };
}
