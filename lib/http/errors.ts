import { z } from "zod";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "./db-unavailable";
import { isForeignKeyViolation, isUniqueViolation } from "@/lib/db/errors";

/** The one table of error codes and their HTTP statuses (spec §3.3). */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_error: 400,
  invalid_cursor: 400,
  unauthorized: 401,
  token_disabled: 403,
  forbidden: 403,
  plan_required: 403,
  application_endpoint_limit_reached: 403,
  feature_disabled: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  server_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldIssue {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details?: FieldIssue[];
  readonly headers?: Record<string, string>;
  constructor(code: ErrorCode, message: string, details?: FieldIssue[], headers?: Record<string, string>) {
    // A client's mistake (4xx) is answered, never logged: it needs no stack trace, and capturing
    // one was 6 % of the web process's CPU for a flood of refused requests.
    const stackTraceLimit = Error.stackTraceLimit;
    if (ERROR_STATUS[code] < 500) Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details;
    this.headers = headers;
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);

function fieldName(path: PropertyKey[]): string {
  return path.length ? path.map(String).join(".") : "body";
}

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ field: fieldName(issue.path), message: issue.message }));
}

export function validationError(error: z.ZodError, where?: string): ApiError {
  const issues = issuesOf(error).map((i) => ({ ...i, field: where && i.field === "body" ? where : i.field }));
  const message = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
  return new ApiError("validation_error", message, issues);
}

export function errorBody(code: string, message: string, details?: FieldIssue[]) {
  return { error: details?.length ? { code, message, details } : { code, message } };
}

/** Maps anything thrown by a handler to the contract's envelope. Unknown errors never leak detail. */
export function toErrorResponse(error: unknown, log: (line: string) => void = console.error): Response {
  if (error instanceof z.ZodError) error = validationError(error);
  if (!(error instanceof ApiError)) {
    const prismaCode = (error as { code?: unknown })?.code;
    if (prismaCode === "P2025") error = new ApiError("not_found", "Resource not found");
    else if (isUniqueViolation(error)) error = new ApiError("conflict", "A resource with these values already exists");
    // What the request refers to was deleted between its checks and its write (a subscribe racing
    // the endpoint's or event type's deletion): the same 404 it would get a moment later.
    else if (isForeignKeyViolation(error)) error = new ApiError("not_found", "A resource this request refers to no longer exists");
  }
  if (error instanceof ApiError) {
    return Response.json(errorBody(error.code, error.message, error.details), { status: error.status, headers: error.headers });
  }
  if (isDatabaseUnavailable(error)) return databaseUnavailableResponse(error, log);
  log(`unhandled error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return Response.json(errorBody("server_error", "Internal server error"), { status: 500 });
}

let lastOutageLog = 0;

/**
 * The database is down or restarting: 503 with the contract's 5xx code and an integer
 * Retry-After, so SDKs retry. Logged at most once a second (an outage fails every request).
 */
export function databaseUnavailableResponse(error: unknown, log: (line: string) => void = console.error): Response {
  if (Date.now() - lastOutageLog > 1_000) {
    lastOutageLog = Date.now();
    log(`database unavailable, answering 503: ${error instanceof Error ? error.message : String(error)}`);
  }
  return Response.json(errorBody("server_error", "The service is temporarily unavailable; retry shortly"), {
    status: 503,
    headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
  });
}
