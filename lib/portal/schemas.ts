import { z } from "zod";
import { UpdateEndpointBody } from "@/lib/api/management/endpoints";
import { description, LIMITS, resourceId } from "@/lib/api/schemas";

/** Bodies of the portal's own route handlers (the portal UI is their only client). */

const destination = z.string().trim().min(1, "is required").max(LIMITS.urlLength, `must be at most ${LIMITS.urlLength} characters`);
const optionalDescription = description.trim().transform((v) => v || null).nullish();

export const PortalCreateEndpointBody = z.object({
  type: z.enum(["webhook", "slack"], { error: "must be webhook or slack" }).default("webhook"),
  /** The webhook URL, or for Slack the incoming-webhook URL (stored as config.webhookUrl). */
  url: destination,
  description: optionalDescription,
  eventTypeIds: z.array(resourceId).max(100, "at most 100 event types").default([]),
});

export const PortalUpdateEndpointBody = z.object({
  url: destination.optional(),
  description: optionalDescription,
  isActive: z.boolean({ error: "must be true or false" }).optional(),
  /** null = back to the platform default / not throttled. */
  maxInFlight: UpdateEndpointBody.shape.maxInFlight,
  throttleRate: UpdateEndpointBody.shape.throttleRate,
});

export type PortalCreateEndpointInput = z.infer<typeof PortalCreateEndpointBody>;
export type PortalUpdateEndpointInput = z.infer<typeof PortalUpdateEndpointBody>;
