import { z } from "zod";
import { defineOperation } from "../operation";
import { resourceId, timestamp } from "../schemas";

export const SubscriptionSchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventTypeId: z.string(),
  eventTypeName: z.string(),
  createdAt: timestamp,
});

const ids = z.array(resourceId, { error: "must be an array of event type ids" }).min(1, "must not be empty").max(100, "at most 100 ids per request");

/** The contract is the plural array; a stale SDK version sends one `eventTypeId` (spec §9.2). */
export const CreateSubscriptionsBody = z
  .object({ eventTypeIds: ids.optional(), eventTypeId: resourceId.optional() })
  .refine((b) => b.eventTypeIds !== undefined || b.eventTypeId !== undefined, { message: "is required", path: ["eventTypeIds"] })
  .transform((b) => [...new Set([...(b.eventTypeIds ?? []), ...(b.eventTypeId ? [b.eventTypeId] : [])])]);

const EndpointParams = z.object({ workspaceId: resourceId, endpointId: resourceId });
const tag = "Subscriptions";

export const listSubscriptionsOp = defineOperation({
  id: "S1", method: "GET", path: "/endpoints/{endpointId}/subscriptions", tag, status: 200,
  summary: "List the event types an endpoint is subscribed to", params: EndpointParams, response: z.array(SubscriptionSchema),
});
export const createSubscriptionsOp = defineOperation({
  id: "S2", method: "POST", path: "/endpoints/{endpointId}/subscriptions", tag, status: 201,
  summary: "Subscribe an endpoint to event types (201 when something new was subscribed, 200 when all already were)",
  params: EndpointParams, body: CreateSubscriptionsBody, response: z.object({ subscribed: z.number().int() }),
});
export const deleteSubscriptionOp = defineOperation({
  id: "S3", method: "DELETE", path: "/endpoints/{endpointId}/subscriptions/{eventTypeId}", tag, status: 204,
  summary: "Unsubscribe an endpoint from an event type", params: EndpointParams.extend({ eventTypeId: resourceId }),
});
