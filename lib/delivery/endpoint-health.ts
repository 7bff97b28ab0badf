import type { Actor } from "@/lib/auth/management";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";

export const DELIVERY_WORKER_ACTOR: Actor = { type: "system", id: null, label: "delivery worker" };

export type DisableReason = "gone" | "failing";

/**
 * The platform (not the user) disables an endpoint that can no longer succeed: it answered
 * 410 Gone (Slack: channel removed or archived), or it has failed without a single success for
 * the configured period. Audited, so operators can see why deliveries stopped. Idempotent.
 */
export async function disableEndpoint(opts: { workspaceId: string; endpointId: string; reason: DisableReason; detail: string }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.endpoint.updateMany({
      where: { id: opts.endpointId, workspaceId: opts.workspaceId, isActive: true },
      data: { isActive: false, disabledReason: opts.reason },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      workspaceId: opts.workspaceId,
      actor: DELIVERY_WORKER_ACTOR,
      action: "endpoint.disabled",
      resourceType: "endpoint",
      resourceId: opts.endpointId,
      metadata: { reason: opts.reason, detail: opts.detail },
    });
    return true;
  });
}
