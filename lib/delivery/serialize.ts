import type { z } from "zod";
import type { DeliverySchema } from "@/lib/api/management/delivery-ops";
import type { Delivery } from "@/lib/db/client";

// Minimal Delivery serializer for the retry answer, until lib/deliveries (the read API) lands.
export function serializeDeliveryRow(d: Delivery & { message: { payload: string | null } | null }): z.infer<typeof DeliverySchema> {
  return {
    id: d.id,
    idempotencyKey: d.idempotencyKey,
    endpointId: d.endpointId,
    status: d.status,
    totalAttempts: d.totalAttempts,
    firstAttemptAt: d.firstAttemptAt?.toISOString() ?? null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    nextRetryAt: d.status === "scheduled_retry" ? (d.nextAttemptAt?.toISOString() ?? null) : null,
    hasPayload: d.message?.payload != null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
