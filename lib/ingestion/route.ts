import type { z } from "zod";
import type { Operation } from "@/lib/api/operation";
import { authenticateIngestion, type IngestionContext } from "@/lib/auth/ingestion";
import { readJsonBody } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { decodeParams, parseWith } from "@/lib/http/parse";
import { rateLimitHeaders } from "@/lib/http/rate-limit";
import { observeIngest } from "@/lib/metrics/registry";

/** Metric label of each Ingestion API operation (registry ids). */
const OPERATION_LABEL: Record<string, string> = { I1: "send", I2: "trigger", I3: "send_batch", I4: "trigger_batch" };

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

interface HandlerInput<P, B> {
  request: Request;
  ctx: IngestionContext;
  params: P;
  body: B;
}

export type IngestionHandler = (request: Request, rawParams: Record<string, string>) => Promise<Response>;

/**
 * The Ingestion API's wrapper: authenticate the `nhk_` key (its environment scopes the call),
 * parse path and body with the operation's schemas, answer with the operation's status (or a
 * Response the handler built), and map every error to the envelope.
 */
export function ingestionRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  op: Operation<P, Q, B>,
  handler: (input: HandlerInput<Infer<P>, Infer<B>>) => Promise<unknown>,
): IngestionHandler {
  const label = OPERATION_LABEL[op.id] ?? "other";
  return async (request, rawParams) => {
    const started = performance.now();
    const response = await answer(request, rawParams);
    observeIngest(label, response.status, (performance.now() - started) / 1000);
    return response;
  };
  async function answer(request: Request, rawParams: Record<string, string>): Promise<Response> {
    let ctx: IngestionContext | undefined;
    // Every authenticated answer carries the key's rate-limit headers (spec §2.4).
    const withRateHeaders = (response: Response) => {
      if (!ctx) return response;
      try {
        for (const [name, value] of Object.entries(rateLimitHeaders(ctx.rate))) response.headers.set(name, value);
      } catch {
        // A handler's Response with immutable headers goes out as it is.
      }
      return response;
    };
    try {
      ctx = await authenticateIngestion(request);
      const decoded = decodeParams(rawParams);
      const params = op.params ? parseWith(op.params, decoded, "path") : decoded;
      const body = op.body ? parseWith(op.body, await readJsonBody(request), "body") : undefined;
      const result = await handler({ request, ctx, params, body } as HandlerInput<Infer<P>, Infer<B>>);
      if (result instanceof Response) return withRateHeaders(result);
      return withRateHeaders(Response.json(result, { status: op.status }));
    } catch (error) {
      return withRateHeaders(toErrorResponse(error));
    }
  }
}
