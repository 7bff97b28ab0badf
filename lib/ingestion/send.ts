import { randomUUID } from "node:crypto";
import type { IngestionContext } from "@/lib/auth/ingestion";
import { db } from "@/lib/db/client";
import { queuePool } from "@/lib/db/pg";
import { enqueueOne, type EnqueueInput, type EnqueueOutcome } from "@/lib/delivery/queue";
import { ApiError, notFound } from "@/lib/http/errors";

export interface SendInput {
  endpointId: string;
  payload: Record<string, unknown>;
  idempotencyKey?: string;
}

/** What a send writes; the key is the caller's or a fresh one. */
export function prepareSend(ctx: IngestionContext, input: SendInput): { idempotencyKey: string; enqueue: EnqueueInput } {
  const idempotencyKey = input.idempotencyKey ?? randomUUID();
  return {
    idempotencyKey,
    enqueue: {
      workspaceId: ctx.workspaceId,
      environmentId: ctx.environmentId,
      eventTypeId: null,
      eventType: null,
      payload: JSON.stringify(input.payload),
      targets: [{ endpointId: input.endpointId, idempotencyKey }],
    },
  };
}

/**
 * Turns a send's write outcome into its answer: accepted with the new delivery; on an
 * idempotency conflict, accepted with the first delivery (nothing new written); when nothing
 * was written, 404 for an unknown endpoint and 409 for a disabled one.
 */
export async function settleSend(ctx: IngestionContext, input: SendInput, idempotencyKey: string, outcome: EnqueueOutcome) {
  const accepted = (deliveryId: string) => ({ deliveryId, idempotencyKey, status: "accepted" as const });
  if ("conflict" in outcome) {
    // By the unique (endpoint, key) index; unnamed, so planned with these values. A retry storm
    // runs this once per repeat: plain pg costs the web process less than the ORM here.
    const { rows } = await queuePool().query<{ id: string; eventType: string | null }>(
      `SELECT id, "eventType" FROM deliveries WHERE "endpointId" = $1 AND "idempotencyKey" = $2 AND "workspaceId" = $3 AND "environmentId" = $4 LIMIT 1`,
      [input.endpointId, idempotencyKey, ctx.workspaceId, ctx.environmentId],
    );
    // A key names one event: the same key on a trigger's delivery is another event, not a repeat.
    if (rows.length > 0 && rows[0].eventType !== null) throw keyUsedElsewhere(`a trigger of ${rows[0].eventType}`);
    if (rows.length > 0) return accepted(rows[0].id);
    // The pair belongs to another tenant's endpoint id: it cannot be ours to send to.
    throw notFound("Endpoint");
  }
  if (outcome.deliveries.length > 0) return accepted(outcome.deliveries[0].id);
  // Nothing was written: say why.
  const endpoint = await db.endpoint.findFirst({
    where: { id: input.endpointId, workspaceId: ctx.workspaceId, environmentId: ctx.environmentId },
    select: { isActive: true },
  });
  if (!endpoint) throw notFound("Endpoint");
  throw new ApiError("conflict", "Endpoint is disabled");
}

/**
 * Send to one endpoint (spec §12.2). The message and its delivery are written in one
 * statement — shared with concurrent sends (group commit) — and the same idempotency key on
 * the same endpoint answers with the first delivery and writes nothing (for as long as that
 * delivery is retained: 7 days).
 */
export async function sendToEndpoint(ctx: IngestionContext, input: SendInput) {
  const { idempotencyKey, enqueue } = prepareSend(ctx, input);
  return settleSend(ctx, input, idempotencyKey, await enqueueOne(enqueue));
}

/** 409 for an idempotency key that already names a different event on this endpoint. */
export function keyUsedElsewhere(what: string): ApiError {
  return new ApiError("conflict", `idempotencyKey: already used on this endpoint for a different event (${what}); use a new key for a new event`);
}
