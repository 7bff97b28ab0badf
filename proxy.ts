import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { allowedMethods } from "@/lib/api/route-table";
import { errorBody } from "@/lib/http/errors";

/**
 * Next answers a method a route does not export with an empty 405; API clients expect the error
 * envelope. The operation registry knows every route's methods, so the wrong ones are answered
 * here. Unknown paths fall through to the catch-all route's 404 envelope.
 */
export function proxy(request: NextRequest) {
  // Next's router answers a malformed escape (`%`, `%zz`, `%ff`) with a bare 500; it is the
  // client's mistake, so it gets a 400 in the envelope before routing.
  if (!isDecodable(request.nextUrl.pathname)) {
    return NextResponse.json(errorBody("bad_request", "The request path is not validly percent-encoded UTF-8"), { status: 400 });
  }
  const method = request.method.toUpperCase();
  if (method === "HEAD" || method === "OPTIONS") return NextResponse.next();
  const allowed = allowedMethods(request.nextUrl.pathname);
  if (!allowed || allowed.includes(method)) return NextResponse.next();
  return NextResponse.json(errorBody("method_not_allowed", `Method ${method} is not allowed here; use ${allowed.join(", ")}`), {
    status: 405,
    headers: { allow: allowed.join(", ") },
  });
}

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export const config = { matcher: "/management/v1/:path*" };
