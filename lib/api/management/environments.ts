import { z } from "zod";
import { defineOperation } from "../operation";
import { ENVIRONMENT_LIMITS } from "@/lib/limits";
import { nonEmptyName, resourceId, timestamp } from "../schemas";

export const EnvironmentSchema = z
  .object({
    id: z.string().describe("env_…"),
    name: z.string(),
    slug: z.string().describe("lowercase letters, digits and hyphens; unique per workspace; never changes"),
    isDefault: z.boolean().describe("exactly one environment per workspace is the default; it cannot be deleted"),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Environment" });

export const EventTypeVisibilitySchema = z
  .object({
    eventTypeId: z.string().describe("evt_…"),
    eventTypeName: z.string(),
    published: z.boolean().describe("false until set for this environment"),
  })
  .meta({ id: "EventTypeVisibility" });

export const ENVIRONMENT_SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export const environmentSlug = z
  .string({ error: "must be a string" })
  .min(1, "is required")
  .max(ENVIRONMENT_LIMITS.slugLength, `must be at most ${ENVIRONMENT_LIMITS.slugLength} characters`)
  .regex(ENVIRONMENT_SLUG, "must be lowercase letters, digits and hyphens, starting and ending with a letter or digit (e.g. staging-eu)");

export const CreateEnvironmentBody = z.object({ name: nonEmptyName, slug: environmentSlug });

/** Only the name can change: the slug is an identifier operators put in config files. */
export const UpdateEnvironmentBody = z.object({ name: nonEmptyName.optional() });

export const SetVisibilityBody = z.object({ published: z.boolean({ error: "must be true or false" }) });

const WorkspaceParams = z.object({ workspaceId: resourceId });
export const EnvironmentParams = WorkspaceParams.extend({ envId: resourceId });
export const VisibilityParams = EnvironmentParams.extend({ eventTypeId: resourceId });

const tag = "Environments";

export const listEnvironmentsOp = defineOperation({
  id: "V1", method: "GET", path: "/environments", tag, status: 200,
  summary: "List environments, oldest first (the default one was created with the workspace)",
  params: WorkspaceParams, response: z.array(EnvironmentSchema),
});
export const createEnvironmentOp = defineOperation({
  id: "V2", method: "POST", path: "/environments", tag, status: 201,
  summary: `Create an environment (at most ${ENVIRONMENT_LIMITS.perWorkspace} per workspace; no event type is published in it yet)`,
  params: WorkspaceParams, body: CreateEnvironmentBody, response: EnvironmentSchema, errors: ["conflict", "forbidden"],
});
export const getEnvironmentOp = defineOperation({
  id: "V3", method: "GET", path: "/environments/{envId}", tag, status: 200,
  summary: "Get an environment", params: EnvironmentParams, response: EnvironmentSchema,
});
export const updateEnvironmentOp = defineOperation({
  id: "V4", method: "PATCH", path: "/environments/{envId}", tag, status: 200,
  summary: "Rename an environment (the slug never changes)",
  params: EnvironmentParams, body: UpdateEnvironmentBody, response: EnvironmentSchema,
});
export const deleteEnvironmentOp = defineOperation({
  id: "V5", method: "DELETE", path: "/environments/{envId}", tag, status: 204,
  summary: "Delete an environment with its endpoints, ingestion keys, visibility settings and deliveries (not the default one)",
  params: EnvironmentParams, errors: ["conflict"],
});
export const listEventTypeVisibilityOp = defineOperation({
  id: "V6", method: "GET", path: "/environments/{envId}/event-types", tag, status: 200,
  summary: "List every event type of the workspace with whether it is published in this environment",
  params: EnvironmentParams, response: z.array(EventTypeVisibilitySchema),
});
export const setEventTypeVisibilityOp = defineOperation({
  id: "V7", method: "PUT", path: "/environments/{envId}/event-types/{eventTypeId}/visibility", tag, status: 200,
  summary: "Publish or unpublish an event type in this environment",
  params: VisibilityParams, body: SetVisibilityBody, response: EventTypeVisibilitySchema,
});
