import { getRecoverJobOp } from "@/lib/api/management/recover";
import { managementRoute } from "@/lib/http/management-route";
import { getRecoverJob } from "@/lib/recovery/recover-jobs";

export const GET = managementRoute(getRecoverJobOp, ({ ctx, params }) =>
  getRecoverJob({ workspaceId: ctx.workspace.id, endpointId: params.endpointId, jobId: params.jobId }),
);
