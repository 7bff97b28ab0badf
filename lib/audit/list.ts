import type { z } from "zod";
import type { AuditLogPageSchema, AuditLogQuery } from "@/lib/api/management/audit-logs";
import { AUDIT_PAGE_SIZE } from "@/lib/limits";
import { db, type AuditLog, type Prisma } from "@/lib/db/client";

export type AuditLogPage = z.infer<typeof AuditLogPageSchema>;

function serializeAuditLog(row: AuditLog) {
  return {
    id: row.id,
    actorType: row.actorType,
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    visibility: row.visibility,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    metadata: (row.metadata ?? {}) as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listAuditLogs(opts: { workspaceId: string; filters: z.infer<typeof AuditLogQuery> }): Promise<AuditLogPage> {
  const { filters } = opts;
  const page = filters.page ?? 1;
  const createdAt: Prisma.DateTimeFilter = {};
  if (filters.from) createdAt.gte = new Date(filters.from);
  if (filters.to) createdAt.lte = new Date(filters.to);
  const where: Prisma.AuditLogWhereInput = {
    workspaceId: opts.workspaceId,
    ...(filters.from || filters.to ? { createdAt } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.resource_type ? { resourceType: filters.resource_type } : {}),
    ...(filters.actor_type ? { actorType: filters.actor_type } : {}),
  };
  // One snapshot, so `total` and the page agree even while rows are being written.
  const [total, rows] = await db.$transaction(
    [
      db.auditLog.count({ where }),
      db.auditLog.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
    ],
    { isolationLevel: "RepeatableRead" },
  );
  return { data: rows.map(serializeAuditLog), total, page, pageSize: AUDIT_PAGE_SIZE };
}
