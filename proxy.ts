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
  if (pathname === "/management/v1/openapi.json") return NextResponse.next();
  const allowed = allowedMethods(pathname, operations);
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

export const config = { matcher: ["/management/:path*"] };
