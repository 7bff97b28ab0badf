import { retryDelivery } from "@/lib/delivery/manual-retry";
import { config } from "@/lib/config";
import { sendTestEvent } from "@/lib/delivery/test-send";
import { rotateEndpointSecret } from "@/lib/endpoints/rotate-secret";
import type { PortalContext } from "./session";

/**
 * The delivery engine's actions, called inside the session's tenant (workspace + application):
 * an id of another application is the engine's own 404.
 */

/** How long a rotated-out secret keeps signing, as the UI explains it. */
export const secretGraceHours = () => Math.round(config().delivery.secretGraceMs / 3_600_000);
/** How long an endpoint may fail without a success before it is disabled. */
export const failingDisableHours = () => Math.round(config().delivery.failingDisableMs / 3_600_000);

const tenant = (ctx: PortalContext) => ({ workspaceId: ctx.workspaceId, applicationId: ctx.applicationId });

export function rotatePortalSecret(ctx: PortalContext, endpointId: string) {
  return rotateEndpointSecret({ ...tenant(ctx), endpointId, actor: ctx.actor });
}

export function sendPortalTestEvent(ctx: PortalContext, endpointId: string) {
  return sendTestEvent({ ...tenant(ctx), endpointId });
}

export async function retryPortalDelivery(ctx: PortalContext, deliveryId: string): Promise<void> {
  await retryDelivery({ ...tenant(ctx), deliveryId, actor: ctx.actor });
}
