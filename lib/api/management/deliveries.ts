import { z } from "zod";
import { defineOperation } from "../operation";
import { eventTypeName, isoDateTime, queryInt, resourceId, timestamp } from "../schemas";

export const DELIVERY_STATUSES = ["pending", "delivering", "delivered", "failed", "scheduled_retry", "dead_letter"] as const;
/** HTTP status class of a delivery's latest attempt; `none`: no attempt yet, or no HTTP answer. */
export const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx", "none"] as const;

export const DeliverySchema = z.object({
  id: z.string(),
  idempotencyKey: z.string(),
  endpointId: z.string(),
  messageId: z.string().describe("The webhook-id header sent with every attempt"),
  eventType: z.string().nullable(),
  status: z.enum(DELIVERY_STATUSES),
  totalAttempts: z.number().int(),
  lastStatusCode: z.number().int().nullable().describe("HTTP status of the latest attempt; null before the first answer"),
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

/**
 * History filters (an extension of D1, shared with the portal): each is an equality or a
 * createdAt range on one of the (scope, column, createdAt, id) indexes, so every combination
 * still pages by keyset. A cursor is bound to the filters it was issued for.
 */
export const DeliveryFilterFields = {
    status: z.enum(DELIVERY_STATUSES, { error: `must be one of ${DELIVERY_STATUSES.join(", ")}` }).optional(),
    eventType: eventTypeName.optional().describe("exact event type name"),
    statusClass: z.enum(STATUS_CLASSES, { error: `must be one of ${STATUS_CLASSES.join(", ")}` }).optional()
      .describe("HTTP status class of the latest attempt (none: no HTTP answer yet)"),
    from: isoDateTime.optional().describe("created at or after (inclusive)"),
    to: isoDateTime.optional().describe("created at or before (inclusive)"),
    deliveryId: resourceId.optional().describe("only this delivery"),
    messageId: resourceId.optional().describe("only deliveries of this message (the webhook-id)"),
};
const fromBeforeTo = (q: { from?: string; to?: string }) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to);

export const DeliveryFilterQuery = z.object(DeliveryFilterFields).refine(fromBeforeTo, { path: ["from"], message: "must not be later than to" });

export const DeliveryListQuery = z
  .object({ limit: queryInt(1, 100).optional(), cursor: z.string().min(1).max(512).optional(), ...DeliveryFilterFields })
  .refine(fromBeforeTo, { path: ["from"], message: "must not be later than to" });
export type DeliveryFilters = z.infer<typeof DeliveryFilterQuery>;

const tag = "Deliveries";
const DeliveryParams = z.object({ workspaceId: resourceId, deliveryId: resourceId });

export const listDeliveriesOp = defineOperation({
  id: "D1", method: "GET", path: "/endpoints/{endpointId}/deliveries", tag, status: 200,
  summary: "List an endpoint's deliveries of the last 7 days, newest first, with an opaque cursor; filter by status, event type, HTTP status class, time range, delivery or message id",
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
