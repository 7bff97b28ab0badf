import { deleteEnvironmentOp, getEnvironmentOp, updateEnvironmentOp } from "@/lib/api/management/environments";
import { deleteEnvironment, getEnvironment, updateEnvironment } from "@/lib/environments/environments";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(getEnvironmentOp, ({ ctx, params }) => getEnvironment({ workspaceId: ctx.workspace.id, envId: params.envId }));

export const PATCH = managementRoute(updateEnvironmentOp, ({ ctx, params, body }) =>
  updateEnvironment({ workspaceId: ctx.workspace.id, envId: params.envId, actor: ctx.actor, input: body }),
);

export const DELETE = managementRoute(deleteEnvironmentOp, async ({ ctx, params }) => {
  await deleteEnvironment({ workspaceId: ctx.workspace.id, envId: params.envId, actor: ctx.actor });
  return null;
});
