import { hashSecret } from "@/lib/auth/secrets";
import { db } from "@/lib/db/client";
import { frameAncestorsDirective } from "@/lib/portal-settings/origins";
import { CODE_SHAPE } from "./codes";
import { unsealPortalCookie } from "./cookie";

/**
 * The Content-Security-Policy every portal answer carries: `frame-ancestors` from the workspace's
 * allowed origins, `'none'` when the list is empty or the workspace cannot be known. The browser
 * enforces it on every ancestor of the frame, so a page listed nowhere cannot even show the portal.
 * One indexed lookup per request (the session or code row joined to the workspace's settings).
 */
const ORIGINS = { workspace: { select: { portalSettings: { select: { allowedOrigins: true } } } } } as const;

/** Pages without any session data or action, which may be shown in any frame (see below). */
const STATIC_PAGES = new Set(["/portal/ended"]);

/**
 * Portal pages: the workspace of the session in the cookie (a revoked session still names it).
 *
 * Without a session the workspace is unknown. The "session ended" page is then frameable by
 * anyone: a session ends inside the operator's frame (the cookie expires with it), and the
 * customer should read why rather than a browser error. It shows nothing and does nothing, so
 * there is nothing to click-jack. Every other page without a session gets 'none'.
 */
export async function portalFramePolicy(cookieValue: string | undefined, pathname: string): Promise<string> {
  const sid = await unsealPortalCookie(cookieValue);
  const session = sid ? await db.portalSession.findUnique({ where: { id: sid }, select: ORIGINS }) : null;
  if (!session && STATIC_PAGES.has(pathname)) return "frame-ancestors *";
  return frameAncestorsDirective(session?.workspace.portalSettings?.allowedOrigins ?? []);
}

/**
 * One-time links (`/s/{code}`): the workspace that minted the code, looked up by its hash
 * without consuming it. Unknown codes get `'none'`.
 */
export async function linkFramePolicy(code: string): Promise<string> {
  const row = CODE_SHAPE.test(code) ? await db.portalCode.findUnique({ where: { codeHash: hashSecret(code) }, select: ORIGINS }) : null;
  return frameAncestorsDirective(row?.workspace.portalSettings?.allowedOrigins ?? []);
}
