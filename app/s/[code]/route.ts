import { NextResponse } from "next/server";
import { portalOrigins } from "@/lib/http/public-origin";
import { exchangePortalCode, isUsablePortalCode } from "@/lib/portal/codes";
import { linkFramePolicy } from "@/lib/portal/framing";
import { continueLinkHtml, invalidLinkHtml, linkPageCsp } from "@/lib/portal/link-page";
import { PORTAL_COOKIE, portalCookieOptionsFor, sealPortalCookie } from "@/lib/portal/session";

// The code is a bearer credential in the URL: never cache these answers, never leak it as a Referer.
const PRIVATE = { "cache-control": "no-store", "referrer-policy": "no-referrer" };
/**
 * Headers of the HTML answers: the page's own strict policy, with the frame-ancestors of the
 * workspace that minted the code (embedding settings; 'none' for unknown codes), since the link
 * is opened inside the operator's frame when the portal is embedded.
 */
async function htmlHeaders(code: string) {
  const framePolicy = await linkFramePolicy(code).catch(() => "frame-ancestors 'none'");
  return { ...PRIVATE, "content-type": "text/html; charset=utf-8", "content-security-policy": linkPageCsp(framePolicy) };
}

/** One answer for unknown, used, expired and malformed codes: links cannot be probed. */
const gone = async (code: string) => new Response(invalidLinkHtml(), { status: 410, headers: await htmlHeaders(code) });

/** Speculative loads (link prefetch, prerender) announce themselves; they must not lead anywhere. */
function isPrefetch(request: Request): boolean {
  const purpose = `${request.headers.get("sec-purpose") ?? ""} ${request.headers.get("purpose") ?? ""} ${request.headers.get("x-moz") ?? ""}`;
  return /prefetch|prerender/i.test(purpose);
}

/**
 * Opening a link (GET, and HEAD, which Next answers from GET) consumes nothing: chat unfurlers,
 * mail scanners and prefetches fetch links before a person clicks them. The page it answers
 * POSTs back to the same URL by itself (or with its button when scripts are off).
 */
export async function GET(request: Request, context: { params: Promise<{ code: string }> }) {
  const { code } = await context.params;
  if (!(await isUsablePortalCode(code))) return gone(code);
  return new Response(continueLinkHtml(!isPrefetch(request)), { status: 200, headers: await htmlHeaders(code) });
}

/** The exchange: uses the code up, sets the session cookie, and sends the browser into the portal. */
export async function POST(request: Request, context: { params: Promise<{ code: string }> }) {
  // Only the page above posts here. A form on another site could otherwise sign a visitor into
  // the sender's own portal session (login CSRF). The page's no-referrer policy makes browsers
  // send `Origin: null`, so Sec-Fetch-Site is what tells a cross-site post apart.
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const foreignOrigin = origin !== null && origin !== "null" && !portalOrigins(request).includes(origin);
  if ((site && site !== "same-origin" && site !== "none") || foreignOrigin) {
    return new Response("Cross-site request refused", { status: 403, headers: { ...PRIVATE, "content-type": "text/plain; charset=utf-8" } });
  }
  const { code } = await context.params;
  const session = await exchangePortalCode(code);
  if (!session) return gone(code);
  // Relative: the browser stays on whichever host (and frame) served the link.
  const response = new NextResponse(null, { status: 303, headers: { ...PRIVATE, location: "/portal" } });
  const maxAge = (session.expiresAt.getTime() - Date.now()) / 1000;
  response.cookies.set(PORTAL_COOKIE, await sealPortalCookie(session.id), portalCookieOptionsFor(request, maxAge));
  return response;
}
