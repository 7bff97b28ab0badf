import type { NextRequest } from "next/server";
import type { z } from "zod";
import type { Operation } from "@/lib/api/operation";
import { authenticateManagement, type ManagementContext } from "@/lib/auth/management";
import { requirePlan } from "@/lib/auth/plans";
import { readJsonBody } from "./body";
import { ApiError, toErrorResponse } from "./errors";
import { rejectUnstorableText } from "./storable-text";
import { decodeParams, parseWith, queryObject } from "./parse";
import { consumeRateLimit, planLimit, rateLimitHeaders, testLimitOverride, type RateLimitState } from "./rate-limit";

interface HandlerInput<P, Q, B> {
  request: NextRequest;
  ctx: ManagementContext;
  params: P;
  query: Q;
  body: B;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

/**
 * The Management API's only wrapper: authenticate the token against the path's workspace,
 * gate by plan, parse params/query/body with the operation's schemas, map every error to the
 * envelope. Returning a plain value answers with the operation's status; null means no body.
 */
export function managementRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  op: Operation<P, Q, B>,
  handler: (input: HandlerInput<Infer<P>, Infer<Q>, Infer<B>>) => Promise<unknown>,
) {
  return async (request: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => {
    let rate: RateLimitState | undefined;
    const withRateHeaders = (response: Response) => {
      if (!rate) return response;
      try {
        for (const [name, value] of Object.entries(rateLimitHeaders(rate))) response.headers.set(name, value);
      } catch {
        // A handler's Response with immutable headers goes out as it is.
      }
      return response;
    };
    try {
      const rawParams = decodeParams(await context.params);
      const ctx = await authenticateManagement(request, rawParams.workspaceId ?? "");
      // Exact: management traffic is light, and its answers show the shared count as it is.
      rate = await consumeRateLimit(`mgmt:${ctx.actor.id}`, testLimitOverride(request) ?? planLimit("management", ctx.workspace.plan), { exact: true });
      if (!rate.allowed) throw new ApiError("rate_limited", `Rate limit of ${rate.limit} requests exceeded; retry in ${rate.retryAfter} s`);
      if (op.plans) requirePlan(ctx.workspace, op.plans);
      const params = op.params ? parseWith(op.params, rawParams, "path") : rawParams;
      const rawQuery = queryObject(request);
      rejectUnstorableText(rawQuery, "query");
      const query = op.query ? parseWith(op.query, rawQuery, "query") : undefined;
      const rawBody = op.body ? await readJsonBody(request) : undefined;
      rejectUnstorableText(rawBody, "body");
      const body = op.body ? parseWith(op.body, rawBody, "body") : undefined;
      const result = await handler({ request, ctx, params, query, body } as HandlerInput<Infer<P>, Infer<Q>, Infer<B>>);
      if (result instanceof Response) return withRateHeaders(result);
      if (result === null || op.status === 204) return withRateHeaders(new Response(null, { status: 204 }));
      return withRateHeaders(Response.json(result, { status: op.status }));
    } catch (error) {
      return withRateHeaders(toErrorResponse(error));
    }
  };
}

