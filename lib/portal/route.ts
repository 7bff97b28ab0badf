import type { z } from "zod";
import { readJsonBody } from "@/lib/http/body";
import { ApiError, toErrorResponse } from "@/lib/http/errors";
import { parseWith } from "@/lib/http/parse";
import { rejectUnstorableText } from "@/lib/http/storable-text";
import { resourceId } from "@/lib/api/schemas";
import { portalOrigins } from "@/lib/http/public-origin";
import type { PortalScope } from "./permissions";
import { requirePortal, type PortalContext } from "./session";

type Params = Record<string, string>;

interface PortalRouteInput<B> {
  request: Request;
  ctx: PortalContext;
  params: Params;
  body: B;
}

/**
 * Cookie-authenticated requests that change state must come from the portal's own pages. Browsers
 * send Origin on every non-GET fetch and form post, so a missing or foreign Origin is a forgery
 * (belt and braces on top of SameSite=Lax).
 */
// The expected origins come from configuration or the Host header, never from X-Forwarded-*
// unless NAHOOK_TRUST_PROXY_HOPS says a proxy writes them (lib/http/public-origin.ts).
export function assertSameOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const origin = request.headers.get("origin");
  if (!origin || !portalOrigins(request).includes(origin)) throw new ApiError("forbidden", "Cross-origin request refused");
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The portal's route-handler wrapper: same-origin check, the session and scope gate
 * (`requirePortal`), path ids and JSON body parsed with zod (NUL refused: PostgreSQL cannot store
 * it), every error in the API envelope.
 */
export function portalRoute<B extends z.ZodType | undefined = undefined>(
  opts: { scope: PortalScope | null; body?: B },
  handler: (input: PortalRouteInput<B extends z.ZodType ? z.infer<B> : undefined>) => Promise<unknown>,
) {
  return async (request: Request, context: { params: Promise<Params> }) => {
    try {
      assertSameOrigin(request);
      const ctx = await requirePortal(opts.scope ?? undefined);
      const params: Params = {};
      for (const [key, value] of Object.entries((await context?.params) ?? {})) params[key] = parseWith(resourceId, safeDecode(value), key);
      let body: unknown;
      if (opts.body) {
        const raw = await readJsonBody(request);
        rejectUnstorableText(raw, "body");
        body = parseWith(opts.body, raw, "body");
      }
      const result = await handler({ request, ctx, params, body: body as B extends z.ZodType ? z.infer<B> : undefined });
      if (result instanceof Response) return result;
      if (result === null || result === undefined) return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
      return Response.json(result, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
