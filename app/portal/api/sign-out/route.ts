import { NextResponse } from "next/server";
import { toErrorResponse } from "@/lib/http/errors";
import { revokePortalSession } from "@/lib/portal/codes";
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
  // A relative Location: the browser stays on whichever host (or frame) it reached us at.
  const response = new NextResponse(null, { status: 303, headers: { location: "/portal/ended?reason=signed-out" } });
  response.cookies.set(PORTAL_COOKIE, "", portalCookieOptionsFor(request, 0));
  return response;
}
