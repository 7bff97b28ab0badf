import { randomUUID } from "node:crypto";
import type { IngestionContext } from "@/lib/auth/ingestion";
import { db } from "@/lib/db/client";
import { enqueueMessage } from "@/lib/delivery/queue";
import { isUniqueViolation } from "@/lib/db/errors";
import { ApiError, notFound } from "@/lib/http/errors";

export interface SendInput {
  endpointId: string;
  payload: Record<string, unknown>;
  idempotencyKey?: string;
}

/**
 * Send to one endpoint (spec §12.2). The message and its delivery are written in one
 * statement; the same idempotency key on the same endpoint answers with the first delivery
 * and writes nothing (for as long as that delivery is retained: 7 days).
 */
export async function sendToEndpoint(ctx: IngestionContext, input: SendInput) {
  const idempotencyKey = input.idempotencyKey ?? randomUUID();
  const accepted = (deliveryId: string) => ({ deliveryId, idempotencyKey, status: "accepted" as const });
  try {
    const { deliveries } = await enqueueMessage({
      workspaceId: ctx.workspaceId,
      environmentId: ctx.environmentId,
      eventTypeId: null,
      eventType: null,
      payload: JSON.stringify(input.payload),
      targets: [{ endpointId: input.endpointId, idempotencyKey }],
    });
    if (deliveries.length > 0) return accepted(deliveries[0].id);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await db.delivery.findFirst({
      where: { endpointId: input.endpointId, idempotencyKey, workspaceId: ctx.workspaceId, environmentId: ctx.environmentId },
      select: { id: true },
    });
    if (existing) return accepted(existing.id);
    throw error;
  }
  // Nothing was written: say why.
  const endpoint = await db.endpoint.findFirst({
    where: { id: input.endpointId, workspaceId: ctx.workspaceId, environmentId: ctx.environmentId },
    select: { isActive: true },
  });
  if (!endpoint) throw notFound("Endpoint");
  throw new ApiError("conflict", "Endpoint is disabled");
}
