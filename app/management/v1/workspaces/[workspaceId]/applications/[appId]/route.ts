import { deleteApplicationOp, getApplicationOp, updateApplicationOp } from "@/lib/api/management/applications";
import { deleteApplication, getApplication, updateApplication } from "@/lib/applications/applications";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(getApplicationOp, ({ ctx, params }) => getApplication({ workspaceId: ctx.workspace.id, appId: params.appId }));

export const PATCH = managementRoute(updateApplicationOp, ({ ctx, params, body }) =>
  updateApplication({ workspaceId: ctx.workspace.id, appId: params.appId, actor: ctx.actor, input: body }),
);

export const DELETE = managementRoute(deleteApplicationOp, async ({ ctx, params }) => {
  await deleteApplication({ workspaceId: ctx.workspace.id, appId: params.appId, actor: ctx.actor });
  return null;
});
