import { RecoverBody } from "@/lib/api/management/recover";
import { portalRoute } from "@/lib/portal/route";
import { startRecoverJob } from "@/lib/recovery/recover-jobs";

export const POST = portalRoute({ scope: "deliveries:retry", body: RecoverBody }, async ({ ctx, params, body }) => {
  const { job } = await startRecoverJob({
    workspaceId: ctx.workspaceId, applicationId: ctx.applicationId, endpointId: params.endpointId, since: body.since, until: body.until, actor: ctx.actor,
  });
  return Response.json(job, { status: 202, headers: { "cache-control": "no-store" } });
});
