import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/http/errors";
import { enqueueOne } from "./queue";

export const TEST_EVENT_TYPE = "nahook.test";

/**
 * Sends a `nahook.test` event to one endpoint through the normal pipeline (queue, signing,
 * retries, attempts), whether or not it subscribes to anything. Used by the Management API
 * and the Developer Portal (which passes its application to stay inside its tenant).
 */
export async function sendTestEvent(opts: { workspaceId: string; endpointId: string; applicationId?: string }): Promise<{ deliveryId: string }> {
  const endpoint = await db.endpoint.findFirst({
    where: { id: opts.endpointId, workspaceId: opts.workspaceId, ...(opts.applicationId ? { applicationId: opts.applicationId } : {}) },
    select: { id: true, environmentId: true, isActive: true },
  });
  if (!endpoint) throw notFound("Endpoint");
  if (!endpoint.isActive) throw new ApiError("conflict", "Endpoint is disabled; enable it to send a test event");
  const payload = JSON.stringify({
    type: TEST_EVENT_TYPE,
    message: "This is a test event from Nahook. If you can read this, your endpoint receives webhooks.",
    timestamp: new Date().toISOString(),
  });
  // A fresh key: never a repeat. Nothing written means the endpoint changed meanwhile.
  const outcome = await enqueueOne({
    workspaceId: opts.workspaceId,
    environmentId: endpoint.environmentId,
    eventTypeId: null,
    eventType: TEST_EVENT_TYPE,
    payload,
    targets: [{ endpointId: endpoint.id, idempotencyKey: `test_${randomUUID()}` }],
  });
  if (!("conflict" in outcome) && outcome.deliveries.length > 0) return { deliveryId: outcome.deliveries[0].id };
  // Disabled or deleted between the check above and the write: say which.
  if (!(await db.endpoint.findUnique({ where: { id: endpoint.id }, select: { id: true } }))) throw notFound("Endpoint");
  throw new ApiError("conflict", "Endpoint is disabled; enable it to send a test event");
}
