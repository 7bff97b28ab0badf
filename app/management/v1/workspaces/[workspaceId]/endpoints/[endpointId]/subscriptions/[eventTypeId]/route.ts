import { deleteSubscriptionOp } from "@/lib/api/management/subscriptions";
import { managementRoute } from "@/lib/http/management-route";
import { unsubscribe } from "@/lib/subscriptions/subscriptions";

export const DELETE = managementRoute(deleteSubscriptionOp, async ({ ctx, params }) => {
  await unsubscribe({ workspaceId: ctx.workspace.id, endpointId: params.endpointId, eventTypeId: params.eventTypeId, actor: ctx.actor });
  return null;
});
