import { buildOpenApiDocument } from "@/lib/api/openapi";
import { configuredPublicOrigin, publicOrigin } from "@/lib/http/public-origin";

// Public and unauthenticated: it describes the API, it holds no data. The server URL is the
// configured public URL; without one it follows the Host header, so shared caches must not
// serve one host's copy to another.
export function GET(request: Request) {
  const document = { ...buildOpenApiDocument(), servers: [{ url: publicOrigin(request) }] };
  const headers: Record<string, string> = configuredPublicOrigin()
    ? { "cache-control": "public, max-age=300" }
    : { "cache-control": "public, max-age=300", vary: "Host, X-Forwarded-Host, X-Forwarded-Proto" };
  return Response.json(document, { headers });
}
