import { listEventTypeVisibilityOp } from "@/lib/api/management/environments";
import { listEventTypeVisibility } from "@/lib/environments/visibility";
import { managementRoute } from "@/lib/http/management-route";

export const GET = managementRoute(listEventTypeVisibilityOp, ({ ctx, params }) =>
  listEventTypeVisibility({ workspaceId: ctx.workspace.id, envId: params.envId }),
);
