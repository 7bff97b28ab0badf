import { recoverEndpointOp } from "@/lib/api/management/recover";
import { managementRoute } from "@/lib/http/management-route";
import { startRecoverJob } from "@/lib/recovery/recover-jobs";

export const POST = managementRoute(recoverEndpointOp, async ({ ctx, params, body }) => {
  const { job } = await startRecoverJob({ workspaceId: ctx.workspace.id, endpointId: params.endpointId, since: body.since, until: body.until, actor: ctx.actor });
  return job;
});
