import { createApplicationOp, listApplicationsOp } from "@/lib/api/management/applications";
import { createApplication, listApplications } from "@/lib/applications/applications";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(listApplicationsOp, ({ ctx, query }) =>
  listApplications({ workspaceId: ctx.workspace.id, limit: query.limit, offset: query.offset }),
);

export const POST = managementRoute(createApplicationOp, ({ ctx, body }) =>
  createApplication({ workspaceId: ctx.workspace.id, actor: ctx.actor, input: body }),
);
