import { z } from "zod";
import { defineOperation } from "../operation";
import { queryInt, resourceId, timestamp } from "../schemas";

export const DELIVERY_STATUSES = ["pending", "delivering", "delivered", "failed", "scheduled_retry", "dead_letter"] as const;

export const DeliverySchema = z.object({
  id: z.string(),
  idempotencyKey: z.string(),
  endpointId: z.string(),
  messageId: z.string().describe("The webhook-id header sent with every attempt"),
  eventType: z.string().nullable(),
  status: z.enum(DELIVERY_STATUSES),
  totalAttempts: z.number().int(),
  firstAttemptAt: timestamp.nullable(),
  deliveredAt: timestamp.nullable(),
  nextRetryAt: timestamp.nullable(),
  hasPayload: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const PayloadEnvelopeSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("available"), data: z.unknown(), contentType: z.string() }),
  z.object({ status: z.enum(["forbidden", "processing", "not_found", "error"]) }),
]);

export const AttemptSchema = z.object({
  id: z.string(),
  attemptNumber: z.number().int(),
  status: z.enum(["success", "failed"]),
  responseStatusCode: z.number().int().nullable(),
  responseTimeMs: z.number().int().nullable(),
  errorMessage: z.string().nullable(),
  createdAt: timestamp,
});

export const DeliveryListQuery = z.object({
  limit: queryInt(1, 100).optional(),
  cursor: z.string().min(1).max(512).optional(),
  status: z.enum(DELIVERY_STATUSES, { error: `must be one of ${DELIVERY_STATUSES.join(", ")}` }).optional(),
});

const tag = "Deliveries";
const DeliveryParams = z.object({ workspaceId: resourceId, deliveryId: resourceId });

export const listDeliveriesOp = defineOperation({
  id: "D1", method: "GET", path: "/endpoints/{endpointId}/deliveries", tag, status: 200,
  summary: "List an endpoint's deliveries of the last 7 days, newest first, with an opaque cursor",
  params: z.object({ workspaceId: resourceId, endpointId: resourceId }), query: DeliveryListQuery,
  response: z.object({ deliveries: z.array(DeliverySchema), nextCursor: z.string().nullable() }),
});
export const getDeliveryOp = defineOperation({
  id: "D2", method: "GET", path: "/deliveries/{deliveryId}", tag, status: 200,
  summary: "Get a delivery; ?include=payload adds the payload envelope",
  params: DeliveryParams, query: z.object({ include: z.enum(["payload"], { error: "must be payload" }).optional() }),
  response: DeliverySchema.extend({ payload: PayloadEnvelopeSchema.optional() }),
});
export const listAttemptsOp = defineOperation({
  id: "D3", method: "GET", path: "/deliveries/{deliveryId}/attempts", tag, status: 200,
  summary: "List a delivery's attempts, oldest first", params: DeliveryParams, response: z.array(AttemptSchema),
});
