import { rotateEndpointSecretOp } from "@/lib/api/management/delivery-ops";
import { rotateEndpointSecret } from "@/lib/endpoints/rotate-secret";
import { managementRoute } from "@/lib/http/management-route";

export const POST = managementRoute(rotateEndpointSecretOp, ({ ctx, params }) =>
  rotateEndpointSecret({ workspaceId: ctx.workspace.id, endpointId: params.endpointId, actor: ctx.actor }),
);
