import { testEndpointOp } from "@/lib/api/management/delivery-ops";
import { sendTestEvent } from "@/lib/delivery/test-send";
import { managementRoute } from "@/lib/http/management-route";

export const POST = managementRoute(testEndpointOp, ({ ctx, params }) =>
  sendTestEvent({ workspaceId: ctx.workspace.id, endpointId: params.endpointId }),
);
