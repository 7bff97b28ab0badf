import { createEnvironmentOp, listEnvironmentsOp } from "@/lib/api/management/environments";
import { createEnvironment, listEnvironments } from "@/lib/environments/environments";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(listEnvironmentsOp, ({ ctx }) => listEnvironments({ workspaceId: ctx.workspace.id }));

export const POST = managementRoute(createEnvironmentOp, ({ ctx, body }) =>
  createEnvironment({ workspaceId: ctx.workspace.id, actor: ctx.actor, input: body }),
);
