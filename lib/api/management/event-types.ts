import { z } from "zod";
import { defineOperation } from "../operation";
import { description, eventTypeName, resourceId, timestamp } from "../schemas";

const jsonObject = z.record(z.string(), z.unknown(), { error: "must be a JSON object" });

export const EventTypeSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  schema: jsonObject.nullable().describe("JSON Schema (draft-07) of the payload, or null (extension)"),
  examples: z.array(jsonObject).describe("example payloads shown in the portal catalog (extension)"),
  subscriberCount: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** Extension fields of T2/T4: checked with Ajv (the schema compiles, every example matches it). */
const schemaField = jsonObject.nullish().describe("JSON Schema (draft-07) of the payload; null removes it. Compiled on save: an invalid schema is a 400");
const examplesField = z.array(jsonObject).max(5, "at most 5 examples").optional().describe("up to 5 example payloads (JSON objects, ≤ 16 KiB each); each must match the schema");

export const CreateEventTypeBody = z.object({ name: eventTypeName, description: description.nullish(), schema: schemaField, examples: examplesField });
export const UpdateEventTypeBody = z
  .object({ description: description.nullish(), schema: schemaField, examples: examplesField })
  .refine((b) => b.description !== undefined || b.schema !== undefined || b.examples !== undefined, { path: ["description"], message: "is required (or schema, or examples)" });

export const EventValidationSetting = z.object({
  enabled: z.boolean({ error: "must be true or false" }).describe("validate triggered payloads against their event type's schema (400 naming the failing path)"),
});

const WorkspaceParams = z.object({ workspaceId: resourceId });
const EventTypeParams = WorkspaceParams.extend({ eventTypeId: resourceId });
const tag = "Event types";

export const listEventTypesOp = defineOperation({
  id: "T1", method: "GET", path: "/event-types", tag, status: 200, summary: "List event types by name",
  params: WorkspaceParams, response: z.array(EventTypeSchema),
});
export const createEventTypeOp = defineOperation({
  id: "T2", method: "POST", path: "/event-types", tag, status: 201,
  summary: "Create an event type (published in the default environment)", params: WorkspaceParams, body: CreateEventTypeBody, response: EventTypeSchema,
});
export const getEventTypeOp = defineOperation({
  id: "T3", method: "GET", path: "/event-types/{eventTypeId}", tag, status: 200, summary: "Get an event type",
  params: EventTypeParams, response: EventTypeSchema,
});
export const updateEventTypeOp = defineOperation({
  id: "T4", method: "PATCH", path: "/event-types/{eventTypeId}", tag, status: 200, summary: "Update an event type's description, schema or examples (fields left out are unchanged)",
  params: EventTypeParams, body: UpdateEventTypeBody, response: EventTypeSchema,
});
export const deleteEventTypeOp = defineOperation({
  id: "T5", method: "DELETE", path: "/event-types/{eventTypeId}", tag, status: 204,
  summary: "Delete an event type and its subscriptions (past deliveries stay)", params: EventTypeParams,
});

export const getEventValidationOp = defineOperation({
  id: "T6", method: "GET", path: "/settings/event-validation", tag, status: 200,
  summary: "Whether ingestion validates payloads against event type schemas (extension)", params: WorkspaceParams, response: EventValidationSetting,
});
export const setEventValidationOp = defineOperation({
  id: "T7", method: "PUT", path: "/settings/event-validation", tag, status: 200,
  summary: "Turn payload validation against event type schemas on or off (extension)", params: WorkspaceParams, body: EventValidationSetting, response: EventValidationSetting,
});
