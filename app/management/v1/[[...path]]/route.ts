import { errorBody } from "@/lib/http/errors";

// Any path under /management/v1 that no route claims: the envelope, not Next's HTML 404 page.
function notFound() {
  return Response.json(errorBody("not_found", "No such Management API route"), { status: 404 });
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
