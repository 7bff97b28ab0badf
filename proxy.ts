import { NextResponse, type NextRequest } from "next/server";
import { operations } from "@/lib/api/management";
import { errorBody } from "@/lib/http/errors";
import { allowedMethods } from "@/lib/http/route-table";

/**
 * API paths answer in the contract's envelope even when no route handler exists: an unknown
 * path is a JSON 404 (not the app's HTML page) and a known path with the wrong method is a 405
 * listing what is allowed. Everything else passes through untouched.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  // Next's router answers a malformed escape (`%`, `%zz`, `%ff`) in a dynamic segment with a
  // bare 500; it is the client's mistake, so it gets a 400 in the envelope before routing.
  if (!isDecodable(pathname)) {
    return NextResponse.json(errorBody("bad_request", "The request path is not validly percent-encoded UTF-8"), { status: 400 });
  }
  const allowed = pathname === "/management/v1/openapi.json" ? ["GET", "HEAD"] : allowedMethods(pathname, operations);
  if (allowed === null) {
    return NextResponse.json(errorBody("not_found", `No API route matches ${request.method} ${pathname}`), { status: 404 });
  }
  if (!allowed.includes(request.method)) {
    return NextResponse.json(errorBody("method_not_allowed", `${request.method} is not allowed here; use ${allowed.filter((m) => m !== "HEAD").join(", ")}`), {
      status: 405,
      headers: { allow: allowed.join(", ") },
    });
  }
  return NextResponse.next();
}

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export const config = { matcher: ["/management/:path*"] };
