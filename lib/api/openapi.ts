import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/http/errors";
import { MANAGEMENT_BASE } from "@/lib/http/route-table";
import { operations } from "./management";
import { surfaceOf, type Operation } from "./operation";

/**
 * The OpenAPI 3.1 document, generated from the operation registry: the same zod schemas that
 * parse requests describe them here, so the document cannot drift from the server.
 */

export type JsonSchema = { [key: string]: unknown };

export interface OpenApiParameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters: OpenApiParameter[];
  requestBody?: { required: boolean; content: { "application/json": { schema: JsonSchema } } };
  responses: Record<string, { description: string; headers?: Record<string, JsonSchema>; content?: { "application/json": { schema: JsonSchema } } }>;
  security: Record<string, string[]>[];
  "x-error-codes": string[];
}

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers?: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  "x-error-codes": { code: string; status: number; description: string }[];
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

const TAG_DESCRIPTIONS: Record<string, string> = {
  Applications: "One application per customer of yours; it owns endpoints and is the scope of a portal session (Pro plan and above).",
  "Portal sessions": "Short-lived, one-time links that open the Developer Portal for one application.",
  Endpoints: "Where deliveries go: a webhook URL signed with Standard Webhooks, or a Slack incoming webhook.",
  "Event types": "The catalogue of events you send, e.g. order.created.",
  Subscriptions: "Which event types an endpoint receives.",
  Environments: "Isolated sets of endpoints and ingestion keys (e.g. production, staging), with per-environment event type publication.",
  Deliveries: "One delivery per event and endpoint, with every attempt recorded.",
  "Delivery operations": "Retrying and replaying deliveries.",
  "Audit logs": "Who changed what in the workspace.",
  Ingestion: "Send events (Bearer nhk_… ingestion key).",
};
const TAG_ORDER = Object.keys(TAG_DESCRIPTIONS);

const STATUS_TEXT: Record<number, string> = {
  200: "OK", 201: "Created", 202: "Accepted", 204: "No content", 207: "Multi-status",
  400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed", 409: "Conflict",
  413: "Payload too large", 415: "Unsupported media type", 429: "Too many requests", 500: "Server error",
};

const ERROR_DESCRIPTIONS: Record<ErrorCode, string> = {
  bad_request: "The body is not valid JSON or not UTF-8.",
  validation_error: "A path, query or body field is invalid; `message` and `details` name the field.",
  invalid_cursor: "The pagination cursor was tampered with, is stale, or was made with a rotated key.",
  unauthorized: "Missing, malformed, unknown or expired credential.",
  token_disabled: "The credential exists but has been disabled.",
  forbidden: "The request is understood but refused (e.g. a limit is reached).",
  plan_required: "The workspace's plan does not include this feature.",
  application_endpoint_limit_reached: "The application already has maxEndpoints endpoints.",
  feature_disabled: "The feature is switched off for this workspace.",
  not_found: "The workspace or resource does not exist, or belongs to another workspace.",
  method_not_allowed: "The path exists but not with this HTTP method (see the Allow header).",
  conflict: "The request conflicts with existing state (duplicate value, resource in the wrong state).",
  payload_too_large: "The request body exceeds the size limit.",
  unsupported_media_type: "A body was sent without Content-Type: application/json.",
  rate_limited: "Too many requests; retry after the Retry-After header's number of seconds.",
  server_error: "Unexpected server failure; safe to retry.",
};

/** Ingestion operations declare absolute paths (`/api/ingest/…`); the others are relative to the Management API base. */
export function isIngestion(op: Operation): boolean {
  return surfaceOf(op) === "ingestion";
}

export function fullPath(op: Operation): string {
  return isIngestion(op) ? op.path : MANAGEMENT_BASE + op.path;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Drops zod's noise (`$schema`, safe-integer bounds, format regexes) and points `$defs` refs at components. */
function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (!node || typeof node !== "object") return node;
  const out: JsonSchema = {};
  const formatted = typeof (node as JsonSchema).format === "string";
  for (const [key, value] of Object.entries(node)) {
    if (key === "$schema" || key === "$defs") continue;
    // zod spells its string formats out as huge regexes too; the format name says it better.
    if (key === "pattern" && formatted) continue;
    if ((key === "minimum" && value === -MAX_SAFE) || (key === "maximum" && value === MAX_SAFE)) continue;
    if (key === "$ref" && typeof value === "string") out[key] = value.replace("#/$defs/", "#/components/schemas/");
    else out[key] = clean(value);
  }
  return out;
}

class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const raw = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
    const defs = (raw.$defs ?? {}) as Record<string, JsonSchema>;
    for (const [name, def] of Object.entries(defs)) this.components[name] ??= clean(def) as JsonSchema;
    return clean(raw) as JsonSchema;
  }
}

function errorCodesOf(op: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>(["unauthorized", "token_disabled", "not_found", "rate_limited", "server_error"]);
  if (op.params || op.query || op.body) codes.add("validation_error");
  if (op.body) for (const code of ["bad_request", "payload_too_large", "unsupported_media_type"] as const) codes.add(code);
  if (op.plans) codes.add("plan_required");
  for (const code of op.errors ?? []) codes.add(code);
  return [...codes].sort((a, b) => ERROR_STATUS[a] - ERROR_STATUS[b] || a.localeCompare(b));
}

function parameters(converter: SchemaConverter, op: Operation): OpenApiParameter[] {
  const out: OpenApiParameter[] = [];
  const add = (schema: z.ZodType | undefined, where: "path" | "query") => {
    if (!schema) return;
    // Types from the parsed side (a query integer is a number there), required-ness from the
    // raw side (a field with a default may be omitted).
    const parsed = converter.convert(schema, "output");
    const raw = converter.convert(schema, "input");
    const required = new Set((raw.required as string[] | undefined) ?? []);
    for (const [name, prop] of Object.entries((parsed.properties ?? {}) as Record<string, JsonSchema>)) {
      const { description, ...rest } = prop;
      out.push({
        name,
        in: where,
        required: where === "path" || required.has(name),
        ...(typeof description === "string" ? { description } : {}),
        schema: rest,
      });
    }
  };
  add(op.params, "path");
  add(op.query, "query");
  return out;
}

const RATE_LIMIT_HEADERS: Record<string, JsonSchema> = {
  "X-RateLimit-Limit": { description: "Requests allowed per window for this token.", schema: { type: "integer" } },
  "X-RateLimit-Remaining": { description: "Requests left in the current window.", schema: { type: "integer" } },
  "X-RateLimit-Reset": { description: "Unix time (seconds) at which the current window ends.", schema: { type: "integer" } },
};

function buildOperation(converter: SchemaConverter, op: Operation): OpenApiOperation {
  const ingestion = isIngestion(op);
  const responses: OpenApiOperation["responses"] = {};
  responses[String(op.status)] = {
    description: STATUS_TEXT[op.status] ?? "Success",
    headers: RATE_LIMIT_HEADERS,
    ...(op.response ? { content: { "application/json": { schema: converter.convert(op.response, "output") } } } : {}),
  };
  const codes = errorCodesOf(op);
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  for (const [status, list] of byStatus) {
    responses[String(status)] = {
      description: `${STATUS_TEXT[status] ?? "Error"}: ${list.join(", ")}`,
      ...(status === 429
        ? { headers: { ...RATE_LIMIT_HEADERS, "Retry-After": { description: "Whole seconds to wait before retrying.", schema: { type: "integer" } } } }
        : {}),
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  return {
    operationId: op.id,
    summary: op.summary,
    tags: [op.tag],
    parameters: parameters(converter, op),
    ...(op.body
      ? {
          requestBody: {
            required: !op.body.safeParse({}).success,
            content: { "application/json": { schema: converter.convert(op.body, "input") } },
          },
        }
      : {}),
    responses,
    security: [{ [ingestion ? "ingestionKey" : "managementToken"]: [] }],
    "x-error-codes": codes,
  };
}

function errorSchema(): JsonSchema {
  return {
    type: "object",
    description: "Every non-2xx answer has this shape.",
    properties: {
      error: {
        type: "object",
        properties: {
          code: { type: "string", enum: Object.keys(ERROR_STATUS), description: "Machine-readable code; see the error codes table." },
          message: { type: "string", description: "Human-readable explanation." },
          details: {
            type: "array",
            description: "Validation errors only: one entry per invalid field.",
            items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } }, required: ["field", "message"] },
          },
        },
        required: ["code", "message"],
      },
    },
    required: ["error"],
  };
}

let cached: OpenApiDocument | undefined;

export function buildOpenApiDocument(): OpenApiDocument {
  if (cached) return cached;
  const converter = new SchemaConverter();
  const paths: OpenApiDocument["paths"] = {};
  const tags = new Set<string>();
  for (const op of operations) {
    const path = fullPath(op);
    paths[path] ??= {};
    paths[path][op.method.toLowerCase()] = buildOperation(converter, op);
    tags.add(op.tag);
  }
  const tagRank = (tag: string) => (TAG_ORDER.includes(tag) ? TAG_ORDER.indexOf(tag) : TAG_ORDER.length);
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Nahook API",
      version: "1.0.0",
      description: [
        "The Management API of a Nahook server: `/management/v1/workspaces/{workspaceId}/…` with `Authorization: Bearer nhm_…`.",
        "Requests with a body send `Content-Type: application/json` (at most 256 KiB); unknown body fields are ignored. " +
          "Lists are bare JSON arrays, except deliveries and audit logs, which are objects with paging fields.",
        "Every error is `{\"error\":{\"code\",\"message\"}}`. A wrong method on a known path is 405 `method_not_allowed`, an unknown path 404 `not_found`.",
        "Each token may make 1000 requests per 60-second window by default. Authenticated responses carry " +
          "`X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`; beyond the limit the answer is 429 `rate_limited` with `Retry-After` in seconds.",
      ].join("\n\n"),
    },
    tags: [...tags].sort((a, b) => tagRank(a) - tagRank(b) || a.localeCompare(b)).map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? "" })),
    paths,
    "x-error-codes": (Object.keys(ERROR_STATUS) as ErrorCode[]).map((code) => ({ code, status: ERROR_STATUS[code], description: ERROR_DESCRIPTIONS[code] })),
    components: {
      schemas: { Error: errorSchema(), ...Object.fromEntries(Object.entries(converter.components).sort(([a], [b]) => a.localeCompare(b))) },
      securitySchemes: {
        managementToken: { type: "http", scheme: "bearer", bearerFormat: "nhm_…", description: "Workspace management token (`nahook token create`)." },
        ingestionKey: { type: "http", scheme: "bearer", bearerFormat: "nhk_{region}_…", description: "Environment ingestion key (`nahook key create`)." },
      },
    },
  };
  return cached;
}
