import type { z } from "zod";
import type { ErrorCode } from "@/lib/http/errors";

/**
 * One HTTP operation of a public API, described once: the route wrapper parses with these
 * schemas and the OpenAPI document is generated from the same objects.
 */
export interface Operation<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  /** Spec operation number (A1, E2, …) or a short name. */
  id: string;
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** OpenAPI path with {braces}. */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  response?: z.ZodType;
  status: number;
  /**
   * Error codes this operation can answer besides the ones every operation shares (auth,
   * validation, not_found, body limits); they are listed in the OpenAPI document.
   */
  errors?: readonly ErrorCode[];
  /** Plans that may call this operation; absent = every plan. */
  plans?: readonly ("free" | "pro" | "enterprise")[];
  /**
   * Which API serves it. Management paths are relative to the workspace base; ingestion paths
   * are absolute (/api/ingest/…) and routed by lib/ingestion/routes.ts.
   */
  surface?: "management" | "ingestion";
}

export const operations: Operation[] = [];

export const surfaceOf = (op: Operation) => op.surface ?? "management";

export function defineOperation<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>(
  op: Operation<P, Q, B>,
): Operation<P, Q, B> {
  operations.push(op as unknown as Operation);
  return op;
}
