import { listAuditLogsOp } from "@/lib/api/management/audit-logs";
import { listAuditLogs } from "@/lib/audit/list";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(listAuditLogsOp, ({ ctx, query }) => listAuditLogs({ workspaceId: ctx.workspace.id, filters: query }));
