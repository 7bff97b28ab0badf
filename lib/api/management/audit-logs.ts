import { z } from "zod";
import { defineOperation } from "../operation";
import { AUDIT_PAGE_SIZE } from "@/lib/limits";
import { isoDateTime, queryInt, resourceId, timestamp } from "../schemas";


export const AuditLogSchema = z
  .object({
    id: z.string().describe("uuid"),
    actorType: z.string().describe("management_token, portal_session, cli or system"),
    actorId: z.string().nullable(),
    actorLabel: z.string().nullable(),
    visibility: z.string(),
    action: z.string().describe("e.g. application.created, environment.deleted"),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    createdAt: timestamp,
  })
  .meta({ id: "AuditLog" });

export const AuditLogPageSchema = z.object({
  data: z.array(AuditLogSchema),
  total: z.number().int().describe("rows matching the filters, over all pages"),
  page: z.number().int(),
  pageSize: z.number().int(),
});

const isoWithOffset = isoDateTime.describe("ISO-8601 date-time with offset, inclusive");

// PostgreSQL text cannot hold NUL; rejecting it here keeps a hostile filter a 400, not a 500.
const filterValue = z
  .string()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .refine((value) => !value.includes("\u0000"), "must not contain NUL characters");

export const AuditLogQuery = z
  .object({
    page: queryInt(1, 1_000_000).optional().describe("1-based page number"),
    from: isoWithOffset.optional(),
    to: isoWithOffset.optional(),
    action: filterValue.optional(),
    resource_type: filterValue.optional(),
    actor_type: filterValue.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), { path: ["from"], message: "must not be later than to" });

export const listAuditLogsOp = defineOperation({
  id: "L1", method: "GET", path: "/audit-logs", tag: "Audit logs", status: 200,
  summary: `List audit log entries, newest first, ${AUDIT_PAGE_SIZE} per page`,
  params: z.object({ workspaceId: resourceId }), query: AuditLogQuery, response: AuditLogPageSchema,
});
