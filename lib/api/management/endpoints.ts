import { z } from "zod";
import { PAID_PLANS } from "@/lib/auth/plans";
import { defineOperation } from "../operation";
import { description, LIMITS, metadataOut, metadataSchema, resourceId, timestamp } from "../schemas";

export const EndpointHealthSchema = z
  .object({
    state: z.enum(["closed", "open", "half_open"]).describe("closed: delivering; open: deliveries deferred (not failed) until nextProbeAt; half_open: one probe attempt allowed"),
    failingSince: timestamp.nullable().describe("First failure of the current run of failures"),
    nextProbeAt: timestamp.nullable().describe("When the open circuit next lets one attempt through"),
    consecutiveFailures: z.number().int(),
  })
  .meta({ id: "EndpointHealth" });

export const MAX_IN_FLIGHT_LIMIT = 100;
export const THROTTLE_RATE_LIMIT = 10_000;
const maxInFlight = z.number({ error: "must be an integer" }).int("must be an integer").min(1, "must be at least 1").max(MAX_IN_FLIGHT_LIMIT, `must be at most ${MAX_IN_FLIGHT_LIMIT}`);
const throttleRate = z.number({ error: "must be an integer" }).int("must be an integer").min(1, "must be at least 1").max(THROTTLE_RATE_LIMIT, `must be at most ${THROTTLE_RATE_LIMIT}`);

export const EndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  isActive: z.boolean(),
  type: z.enum(["webhook", "slack"]),
  config: z.record(z.string(), z.unknown()),
  secret: z.string().optional().describe("Signing secret (whsec_…); returned on create and on get, never in lists"),
  authUsername: z.string().nullable(),
  hasAuth: z.boolean(),
  metadata: metadataOut,
  environmentId: z.string(),
  applicationId: z.string().nullable(),
  disabledReason: z.string().nullable(),
  lastDeliveryAt: timestamp.nullable(),
  maxInFlight: z.number().int().describe("Attempts in flight at once across every worker (the platform default unless set)"),
  throttleRate: z.number().int().nullable().describe("Deliveries per second at most; null = not throttled"),
  health: EndpointHealthSchema,
  createdAt: timestamp,
  updatedAt: timestamp,
});

const url = z.string().trim().min(1, "is required").max(LIMITS.urlLength, `must be at most ${LIMITS.urlLength} characters`);
const credential = z.string().min(1).max(255);

export const CreateEndpointBody = z.object({
  url: url.optional(),
  type: z.enum(["webhook", "slack"], { error: "must be webhook or slack" }).optional(),
  description: description.nullish(),
  metadata: metadataSchema(LIMITS.endpointMetadataKeys).optional(),
  config: z.object({ webhookUrl: url.optional() }, { error: "must be an object" }).optional(),
  authUsername: credential.nullish(),
  authPassword: credential.nullish(),
  environmentId: resourceId.optional(),
  maxInFlight: maxInFlight.nullish().describe(`Attempts in flight at once (1–${MAX_IN_FLIGHT_LIMIT}); null or absent = the platform default`),
  throttleRate: throttleRate.nullish().describe(`Deliveries per second at most (1–${THROTTLE_RATE_LIMIT}); null = not throttled`),
});

export const UpdateEndpointBody = z.object({
  url: url.optional(),
  description: description.nullish(),
  metadata: metadataSchema(LIMITS.endpointMetadataKeys).optional(),
  isActive: z.boolean().optional(),
  config: z.object({ webhookUrl: url.optional() }, { error: "must be an object" }).optional(),
  authUsername: credential.nullish(),
  authPassword: credential.nullish(),
  maxInFlight: maxInFlight.nullish().describe(`Attempts in flight at once (1–${MAX_IN_FLIGHT_LIMIT}); null = back to the platform default`),
  throttleRate: throttleRate.nullish().describe(`Deliveries per second at most (1–${THROTTLE_RATE_LIMIT}); null = not throttled`),
});

const WorkspaceParams = z.object({ workspaceId: resourceId });
export const EndpointParams = WorkspaceParams.extend({ endpointId: resourceId });
const AppParams = WorkspaceParams.extend({ appId: resourceId });
const tag = "Endpoints";

export const listEndpointsOp = defineOperation({
  id: "E1", method: "GET", path: "/endpoints", tag, status: 200, summary: "List the workspace's endpoints, oldest first",
  params: WorkspaceParams, response: z.array(EndpointSchema.omit({ secret: true })),
});
export const createEndpointOp = defineOperation({
  id: "E2", method: "POST", path: "/endpoints", tag, status: 201, summary: "Create an endpoint (webhook or Slack)",
  params: WorkspaceParams, body: CreateEndpointBody, response: EndpointSchema,
});
export const getEndpointOp = defineOperation({
  id: "E3", method: "GET", path: "/endpoints/{endpointId}", tag, status: 200, summary: "Get an endpoint, with its signing secret",
  params: EndpointParams, response: EndpointSchema,
});
export const updateEndpointOp = defineOperation({
  id: "E4", method: "PATCH", path: "/endpoints/{endpointId}", tag, status: 200, summary: "Update an endpoint; isActive pauses or resumes it",
  params: EndpointParams, body: UpdateEndpointBody, response: EndpointSchema.omit({ secret: true }),
});
export const deleteEndpointOp = defineOperation({
  id: "E5", method: "DELETE", path: "/endpoints/{endpointId}", tag, status: 204, summary: "Delete an endpoint with its subscriptions and deliveries",
  params: EndpointParams,
});
export const listApplicationEndpointsOp = defineOperation({
  id: "A6", method: "GET", path: "/applications/{appId}/endpoints", tag: "Applications", plans: PAID_PLANS, status: 200,
  summary: "List an application's endpoints", params: AppParams, response: z.array(EndpointSchema.omit({ secret: true })),
});
export const createApplicationEndpointOp = defineOperation({
  id: "A7", method: "POST", path: "/applications/{appId}/endpoints", tag: "Applications", plans: PAID_PLANS, status: 201,
  summary: "Create an endpoint owned by an application (maxEndpoints enforced)", params: AppParams, body: CreateEndpointBody, response: EndpointSchema,
});
