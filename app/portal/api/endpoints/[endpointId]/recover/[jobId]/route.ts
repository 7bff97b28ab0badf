import { portalRoute } from "@/lib/portal/route";
import { getRecoverJob } from "@/lib/recovery/recover-jobs";

// Progress polling: anyone who can see deliveries may watch a job (only retry-capable roles start one).
export const GET = portalRoute({ scope: "deliveries:read" }, ({ ctx, params }) =>
  getRecoverJob({ workspaceId: ctx.workspaceId, applicationId: ctx.applicationId, endpointId: params.endpointId, jobId: params.jobId }),
);
