import { NextResponse } from "next/server";
import { toErrorResponse } from "@/lib/http/errors";
import { revokePortalSession } from "@/lib/portal/codes";
import { requestOrigin } from "@/lib/portal/origin";
import { assertSameOrigin } from "@/lib/portal/route";
import { loadPortal, PORTAL_COOKIE, portalCookieOptionsFor } from "@/lib/portal/session";

/** Ends the session for good (the row is revoked) and clears the cookie; works as a plain form post. */
export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
  } catch (error) {
    return toErrorResponse(error);
  }
  const ctx = await loadPortal();
  if (ctx) await revokePortalSession({ sessionId: ctx.sessionId, actor: ctx.actor, workspaceId: ctx.workspaceId, applicationId: ctx.applicationId });
  const response = NextResponse.redirect(`${requestOrigin(request)}/portal/ended?reason=signed-out`, 303);
  response.cookies.set(PORTAL_COOKIE, "", portalCookieOptionsFor(request, 0));
  return response;
}
