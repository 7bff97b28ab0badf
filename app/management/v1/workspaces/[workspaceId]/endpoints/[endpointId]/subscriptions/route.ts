import { createSubscriptionsOp, listSubscriptionsOp } from "@/lib/api/management/subscriptions";
import { managementRoute } from "@/lib/http/management-route";
import { listSubscriptions, subscribe } from "@/lib/subscriptions/subscriptions";

export const GET = managementRoute(listSubscriptionsOp, ({ ctx, params }) =>
  listSubscriptions({ workspaceId: ctx.workspace.id, endpointId: params.endpointId }),
);

export const POST = managementRoute(createSubscriptionsOp, async ({ ctx, params, body }) => {
  const result = await subscribe({ workspaceId: ctx.workspace.id, endpointId: params.endpointId, actor: ctx.actor, eventTypeIds: body });
  return Response.json(result, { status: result.subscribed > 0 ? 201 : 200 });
});
