import { NextResponse } from "next/server";
import { exchangePortalCode } from "@/lib/portal/codes";
import { invalidLinkHtml } from "@/lib/portal/link-page";
import { requestOrigin } from "@/lib/portal/origin";
import { PORTAL_COOKIE, portalCookieOptionsFor, sealPortalCookie } from "@/lib/portal/session";

// The code is a bearer credential in the URL: never cache these answers, never leak it as a Referer.
const PRIVATE = { "cache-control": "no-store", "referrer-policy": "no-referrer" };

export async function GET(request: Request, context: { params: Promise<{ code: string }> }) {
  const { code } = await context.params;
  const session = await exchangePortalCode(code);
  if (!session) {
    // One answer for unknown, used, expired and malformed codes: links cannot be probed.
    return new Response(invalidLinkHtml(), { status: 410, headers: { ...PRIVATE, "content-type": "text/html; charset=utf-8" } });
  }
  const response = NextResponse.redirect(`${requestOrigin(request)}/portal`, { status: 303, headers: PRIVATE });
  const maxAge = (session.expiresAt.getTime() - Date.now()) / 1000;
  response.cookies.set(PORTAL_COOKIE, await sealPortalCookie(session.id), portalCookieOptionsFor(request, maxAge));
  return response;
}
