import { z } from "zod";
import { PAID_PLANS } from "@/lib/auth/plans";
import { defineOperation } from "../operation";
import { LIMITS, metadataOut, metadataSchema, nonEmptyName, queryInt, resourceId, timestamp } from "../schemas";

export const ApplicationSchema = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  name: z.string(),
  metadata: metadataOut,
  maxEndpoints: z.number().int().nullable(),
  showEventTypes: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
}).meta({ id: "Application" });

const maxEndpoints = z.number({ error: "must be an integer or null" }).int("must be an integer").min(0, "must be at least 0").max(100000).nullable();

export const CreateApplicationBody = z.object({
  name: nonEmptyName,
  externalId: z.string().min(1).max(LIMITS.externalIdLength).nullish(),
  metadata: metadataSchema(LIMITS.applicationMetadataKeys).optional(),
  maxEndpoints: maxEndpoints.optional(),
  showEventTypes: z.boolean().optional(),
});

export const UpdateApplicationBody = z.object({
  name: nonEmptyName.optional(),
  metadata: metadataSchema(LIMITS.applicationMetadataKeys).optional(),
  maxEndpoints: maxEndpoints.optional(),
  showEventTypes: z.boolean().optional(),
});

const WorkspaceParams = z.object({ workspaceId: resourceId });
export const ApplicationParams = WorkspaceParams.extend({ appId: resourceId });

const tag = "Applications";
const plans = PAID_PLANS;

export const listApplicationsOp = defineOperation({
  id: "A1", method: "GET", path: "/applications", tag, plans, status: 200,
  summary: "List applications, oldest first",
  params: WorkspaceParams,
  query: z.object({ limit: queryInt(1, 100).optional(), offset: queryInt(0, 1_000_000).optional() }),
  response: z.array(ApplicationSchema),
});
export const createApplicationOp = defineOperation({
  id: "A2", method: "POST", path: "/applications", tag, plans, status: 201,
  summary: "Create an application (one per customer)",
  params: WorkspaceParams, body: CreateApplicationBody, response: ApplicationSchema, errors: ["conflict"],
});
export const getApplicationOp = defineOperation({
  id: "A3", method: "GET", path: "/applications/{appId}", tag, plans, status: 200,
  summary: "Get an application", params: ApplicationParams, response: ApplicationSchema,
});
export const updateApplicationOp = defineOperation({
  id: "A4", method: "PATCH", path: "/applications/{appId}", tag, plans, status: 200,
  summary: "Update an application", params: ApplicationParams, body: UpdateApplicationBody, response: ApplicationSchema,
});
export const deleteApplicationOp = defineOperation({
  id: "A5", method: "DELETE", path: "/applications/{appId}", tag, plans, status: 204,
  summary: "Delete an application with its endpoints and their deliveries", params: ApplicationParams,
});
