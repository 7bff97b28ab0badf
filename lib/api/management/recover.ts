import { z } from "zod";
import { defineOperation } from "../operation";
import { isoDateTime, resourceId, timestamp } from "../schemas";
import { DeliverySchema } from "./deliveries";

export const RECOVER_JOB_STATUSES = ["queued", "running", "completed", "failed"] as const;

export const RecoverJobSchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    status: z.enum(RECOVER_JOB_STATUSES),
    since: timestamp.describe("start of the window (clamped to the 7-day retention window)"),
    until: timestamp,
    total: z.number().int().describe("failed and dead-lettered deliveries in the window when the job started (grows if more fail meanwhile)"),
    processed: z.number().int(),
    requeued: z.number().int().describe("deliveries put back in the queue for an immediate attempt (a failure continues their retry schedule)"),
    skipped: z.number().int().describe("deliveries that could not be retried (payload no longer stored)"),
    createdAt: timestamp,
    updatedAt: timestamp,
    completedAt: timestamp.nullable(),
  })
  .meta({ id: "RecoverJob" });

export const RecoverBody = z
  .object({
    since: isoDateTime.describe("retry deliveries created at or after this moment"),
    until: isoDateTime.optional().describe("…and at or before this one (default: now)"),
  })
  .refine((b) => !b.until || Date.parse(b.since) <= Date.parse(b.until), { path: ["since"], message: "must not be later than until" });

const EndpointParams = z.object({ workspaceId: resourceId, endpointId: resourceId });

export const recoverEndpointOp = defineOperation({
  id: "E8", method: "POST", path: "/endpoints/{endpointId}/recover", tag: "Endpoints", status: 202,
  summary: "Retry every failed or dead-lettered delivery of an endpoint in a time window, as a background job (an unfinished job for the endpoint is returned instead of a new one)",
  params: EndpointParams, body: RecoverBody, response: RecoverJobSchema, errors: ["conflict"],
});

export const getRecoverJobOp = defineOperation({
  id: "E9", method: "GET", path: "/endpoints/{endpointId}/recover/{jobId}", tag: "Endpoints", status: 200,
  summary: "A recover job's progress",
  params: EndpointParams.extend({ jobId: resourceId }), response: RecoverJobSchema,
});

export const replayDeliveryOp = defineOperation({
  id: "D5", method: "POST", path: "/deliveries/{deliveryId}/replay", tag: "Deliveries", status: 202,
  summary: "Send a delivered (or failed) delivery again: an immediate attempt with the same webhook-id, retried on failure (409 while it is still in progress)",
  params: z.object({ workspaceId: resourceId, deliveryId: resourceId }), response: DeliverySchema, errors: ["conflict"],
});
