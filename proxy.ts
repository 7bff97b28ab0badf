import { NextResponse, type NextRequest } from "next/server";
import { operations } from "@/lib/api/management";
import { errorBody } from "@/lib/http/errors";
import { allowedMethods } from "@/lib/http/route-table";
import { portalApiMethods } from "@/lib/portal/api-routes";
import { PORTAL_COOKIE } from "@/lib/portal/cookie";
import { linkFramePolicy, portalFramePolicy } from "@/lib/portal/framing";
import { invalidLinkHtml } from "@/lib/portal/link-page";
import { frameAncestorsDirective } from "@/lib/portal-settings/origins";

/**
 * API paths answer in the contract's envelope even when no route handler exists: an unknown
 * path is a JSON 404 (not the app's HTML page) and a known path with the wrong method is a 405
 * listing what is allowed. Portal answers (`/portal/**`, `/s/{code}`) get the workspace's CSP
 * frame-ancestors (embedding settings, lib/portal/framing.ts).
 */
export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  // Next's router answers a malformed escape (`%`, `%zz`, `%ff`) in a dynamic segment with a
  // bare 500; it is the client's mistake, so it gets a 400 in the envelope before routing.
  if (!isDecodable(pathname)) {
    // A portal link with a mangled code gets the same page as any other unusable link.
    if (pathname.startsWith("/s/")) {
      return new NextResponse(invalidLinkHtml(), {
        status: 410,
        headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": frameAncestorsDirective([]) },
      });
    }
    return NextResponse.json(errorBody("bad_request", "The request path is not validly percent-encoded UTF-8"), { status: 400 });
  }
  // The portal's answers carry the workspace's frame-ancestors policy (embedding settings); its
  // JSON routes answer a wrong path or method in the envelope, like the Management API.
  const portalApi = pathname.startsWith("/portal/api/");
  if (!portalApi && !pathname.startsWith("/management/")) return withFramePolicy(request);
  const allowed = portalApi ? portalApiMethods(pathname) : pathname === "/management/v1/openapi.json" ? ["GET", "HEAD"] : allowedMethods(pathname, operations);
  if (allowed === null) {
    return NextResponse.json(errorBody("not_found", `No API route matches ${request.method} ${pathname}`), { status: 404 });
  }
  if (!allowed.includes(request.method)) {
    return NextResponse.json(errorBody("method_not_allowed", `${request.method} is not allowed here; use ${allowed.filter((m) => m !== "HEAD").join(", ")}`), {
      status: 405,
      headers: { allow: allowed.join(", ") },
    });
  }
  return portalApi ? withFramePolicy(request) : NextResponse.next();
}

async function withFramePolicy(request: NextRequest): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  // One-time links answer with their own full policy, this frame-ancestors included
  // (app/s/[code]/route.ts): a second header here would only be intersected with it.
  if (pathname.startsWith("/s/")) return NextResponse.next();
  let policy: string;
  try {
    policy = pathname.startsWith("/s/")
      ? await linkFramePolicy(decodeURIComponent(pathname.slice(3)))
      : await portalFramePolicy(request.cookies.get(PORTAL_COOKIE)?.value, pathname);
  } catch (error) {
    // Fail closed: without the list, no site may frame the portal.
    console.error("portal frame policy lookup failed", error);
    policy = frameAncestorsDirective([]);
  }
  const response = NextResponse.next();
  response.headers.set("content-security-policy", policy);
  return response;
}

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export const config = { matcher: ["/management/:path*", "/portal/:path*", "/s/:path*"] };
