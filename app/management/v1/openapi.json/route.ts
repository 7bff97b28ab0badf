import { buildOpenApiDocument } from "@/lib/api/openapi";

/** Where the caller reached us; behind a proxy the forwarded headers say it better than the URL. */
function origin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(/:$/, "");
  return `${proto.split(",")[0].trim()}://${host.split(",")[0].trim()}`;
}

// Public and unauthenticated: it describes the API, it holds no data.
export function GET(request: Request) {
  const document = { ...buildOpenApiDocument(), servers: [{ url: origin(request) }] };
  return Response.json(document, { headers: { "cache-control": "public, max-age=300" } });
}
