import { z } from "zod";
import { defineOperation } from "../operation";
import { description, eventTypeName, resourceId, timestamp } from "../schemas";

export const EventTypeSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  subscriberCount: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const CreateEventTypeBody = z.object({ name: eventTypeName, description: description.nullish() });
export const UpdateEventTypeBody = z.object({ description: description.nullable() });

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
  id: "T4", method: "PATCH", path: "/event-types/{eventTypeId}", tag, status: 200, summary: "Update an event type's description",
  params: EventTypeParams, body: UpdateEventTypeBody, response: EventTypeSchema,
});
export const deleteEventTypeOp = defineOperation({
  id: "T5", method: "DELETE", path: "/event-types/{eventTypeId}", tag, status: 204,
  summary: "Delete an event type and its subscriptions (past deliveries stay)", params: EventTypeParams,
});
