import { z } from "zod";
import { defineOperation } from "./operation";
import { eventTypeName, LIMITS, resourceId } from "./schemas";
import { unstorableTextIssue } from "@/lib/http/storable-text";

/** Ingestion API (spec §12), served under /api/ingest and /ingest. Paths here are absolute. */

export const MAX_BATCH_ITEMS = 20;

const isJsonObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
// The parsed object itself, not a copy: a rebuilt record would drop a "__proto__" key the sender wrote.
const payload = z
  .custom<Record<string, unknown>>(isJsonObject, { error: (issue) => (issue.input === undefined ? "is required" : "must be a JSON object") })
  .meta({ type: "object", additionalProperties: true });
const idempotencyKey = z
  .string()
  .min(1, "must not be empty")
  .max(LIMITS.idempotencyKeyLength, `must be at most ${LIMITS.idempotencyKeyLength} characters`)
  // Stored in a text column, which cannot hold U+0000 and would turn an unpaired surrogate into
  // U+FFFD, merging distinct keys (the payload is stored as JSON text, escaped).
  .refine((key) => unstorableTextIssue(key) === null, { error: (issue) => unstorableTextIssue(issue.input as string) ?? undefined });
const metadata = z.record(z.string(), z.string({ error: "values must be strings" }), { error: "must be an object of string values" });

export const SendBody = z.object({ payload, idempotencyKey: idempotencyKey.optional() });
export const TriggerBody = z.object({ payload, metadata: metadata.optional(), idempotencyKey: idempotencyKey.optional() });
export const SendBatchItem = SendBody.extend({ endpointId: resourceId });
export const TriggerBatchItem = TriggerBody.extend({ eventType: eventTypeName });

const BatchBody = z.object({
  items: z
    .array(z.unknown(), { error: "must be an array" })
    .min(1, "must contain at least 1 item")
    .max(MAX_BATCH_ITEMS, `must contain at most ${MAX_BATCH_ITEMS} items`),
});

const accepted = z.literal("accepted");
export const SendResult = z.object({ deliveryId: z.string(), idempotencyKey: z.string(), status: accepted });
export const TriggerResult = z.object({ eventTypeId: z.string(), deliveryIds: z.array(z.string()), status: accepted });
const ItemError = z.object({ index: z.number().int(), error: z.object({ code: z.string(), message: z.string() }) });

const tag = "Ingestion";
const surface = "ingestion";

export const sendOp = defineOperation({
  id: "I1", method: "POST", path: "/api/ingest/{endpointId}", tag, surface, status: 202,
  summary: "Send an event to one endpoint (idempotent per endpoint + idempotencyKey)",
  params: z.object({ endpointId: resourceId }), body: SendBody, response: SendResult,
});
export const triggerOp = defineOperation({
  id: "I2", method: "POST", path: "/api/ingest/event/{eventType}", tag, surface, status: 202,
  summary: "Trigger an event type: one delivery per active subscribed endpoint of the key's environment",
  params: z.object({ eventType: eventTypeName }), body: TriggerBody, response: TriggerResult,
});
export const sendBatchOp = defineOperation({
  id: "I3", method: "POST", path: "/api/ingest/batch", tag, surface, status: 202,
  summary: "Send 1–20 events; 202 when all are accepted, 207 otherwise (each item has its own result)",
  body: BatchBody, response: z.object({ items: z.array(z.union([SendResult.extend({ index: z.number().int() }), ItemError])) }),
});
export const triggerBatchOp = defineOperation({
  id: "I4", method: "POST", path: "/api/ingest/event/batch", tag, surface, status: 202,
  summary: "Trigger 1–20 events; 202 when all are accepted, 207 otherwise (each item has its own result)",
  body: BatchBody, response: z.object({ items: z.array(z.union([TriggerResult.extend({ index: z.number().int() }), ItemError])) }),
});
