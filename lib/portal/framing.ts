import { hashSecret } from "@/lib/auth/secrets";
import { db } from "@/lib/db/client";
import { frameAncestorsDirective } from "@/lib/portal-settings/origins";
import { CODE_SHAPE } from "./codes";
import { unsealPortalCookie } from "./cookie";

/**
 * The Content-Security-Policy every portal answer carries: `frame-ancestors` from the workspace's
 * allowed origins, `'none'` when the list is empty or the workspace cannot be known. The browser
 * enforces it on every ancestor of the frame, so a page listed nowhere cannot even show the portal.
 */
async function policyFor(workspaceId: string | null | undefined): Promise<string> {
  if (!workspaceId) return frameAncestorsDirective([]);
  const settings = await db.portalSettings.findUnique({ where: { workspaceId }, select: { allowedOrigins: true } });
  return frameAncestorsDirective(settings?.allowedOrigins ?? []);
}

/**
 * Portal pages: the workspace of the session in the cookie. An expired or revoked session still
 * names its workspace, so the "session ended" page can be shown inside the operator's frame.
 */
export async function portalFramePolicy(cookieValue: string | undefined): Promise<string> {
  const sid = await unsealPortalCookie(cookieValue);
  if (!sid) return policyFor(null);
  const session = await db.portalSession.findUnique({ where: { id: sid }, select: { workspaceId: true } });
  return policyFor(session?.workspaceId);
}

/**
 * One-time links (`/s/{code}`): the workspace that minted the code, looked up by its hash
 * without consuming it. Unknown codes get `'none'`.
 */
export async function linkFramePolicy(code: string): Promise<string> {
  if (!CODE_SHAPE.test(code)) return policyFor(null);
  const row = await db.portalCode.findUnique({ where: { codeHash: hashSecret(code) }, select: { workspaceId: true } });
  return policyFor(row?.workspaceId);
}
