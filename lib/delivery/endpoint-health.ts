import type { Queryable } from "@/lib/db/pg";

export type DisableReason = "gone" | "failing";

export interface DisableRequest {
  reason: DisableReason;
  detail: string;
}

/**
 * The platform (not the user) disables an endpoint that can no longer succeed: it answered
 * 410 Gone (Slack: webhook or channel removed or archived), or it has failed without a single
 * success for the configured period. Audited as the delivery worker, so operators can see why
 * deliveries stopped. Runs inside the caller's transaction; a no-op when already disabled.
 */
export async function disableEndpoint(q: Queryable, opts: { endpointId: string } & DisableRequest): Promise<boolean> {
  const { rows } = await q.query(
    `WITH off AS (
       UPDATE endpoints SET "isActive" = false, "disabledReason" = $2, "updatedAt" = now()
       WHERE id = $1 AND "isActive"
       RETURNING id, "workspaceId"
     )
     INSERT INTO audit_logs (id, "workspaceId", "actorType", "actorLabel", action, "resourceType", "resourceId", metadata)
     SELECT gen_random_uuid()::text, "workspaceId", 'system', 'delivery worker', 'endpoint.disabled', 'endpoint', id, $3::jsonb FROM off
     RETURNING id`,
    [opts.endpointId, opts.reason, JSON.stringify({ reason: opts.reason, detail: opts.detail })],
  );
  return rows.length > 0;
}
