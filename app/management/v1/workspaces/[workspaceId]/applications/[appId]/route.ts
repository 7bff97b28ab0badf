import { deleteApplicationOp, getApplicationOp, updateApplicationOp } from "@/lib/api/management/applications";
import { deleteApplication, findApplication, serializeApplication, updateApplication } from "@/lib/applications/applications";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(getApplicationOp, async ({ ctx, params }) =>
  serializeApplication(await findApplication(ctx.workspace.id, params.appId)),
);

export const PATCH = managementRoute(updateApplicationOp, ({ ctx, params, body }) =>
  updateApplication({ workspaceId: ctx.workspace.id, appId: params.appId, actor: ctx.actor, input: body }),
);

export const DELETE = managementRoute(deleteApplicationOp, async ({ ctx, params }) => {
  await deleteApplication({ workspaceId: ctx.workspace.id, appId: params.appId, actor: ctx.actor });
  return null;
});
