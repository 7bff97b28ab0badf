import type { Prisma } from "@/lib/db/client";
import type { Queryable } from "@/lib/db/pg";

type Tx = Pick<Prisma.TransactionClient, "$executeRawUnsafe">;

/**
 * Deleting what deliveries hang from. Messages and deliveries carry no foreign key to their
 * workspace, environment, event type or endpoint (migration hot_parent_keys: the key checks
 * locked those few rows on every ingested event), so the cascades those keys gave are these
 * statements, run in the deleting transaction before the parent goes. The hourly statistics
 * (delivery_stats_hourly) have no key either, and go the same way. A delivery's attempts
 * still follow it by their own key.
 */

/**
 * Deletes the deliveries of the endpoints `endpoints` selects (a subquery of ids), and each
 * message none of whose deliveries is left: a message fanned out to other endpoints stays for
 * them. Left alone, such a message (and its payload) would outlive its endpoint until the
 * retention purge's pass for messages without deliveries, up to 7 days later. Everything is
 * found through the endpoint indexes of `deliveries` and the message primary key. Answers the
 * number of deliveries deleted.
 */
const deleteDeliveriesSql = (endpoints: string) => `WITH gone AS (
    DELETE FROM deliveries WHERE "endpointId" IN (${endpoints}) RETURNING id, "messageId"
  ), orphaned AS (
    DELETE FROM messages m
    WHERE m.id IN (SELECT "messageId" FROM gone)
      AND NOT EXISTS (SELECT 1 FROM deliveries o WHERE o."messageId" = m.id AND o.id NOT IN (SELECT id FROM gone))
  )
  SELECT count(*)::int AS deliveries FROM gone`;

async function deleteHistoryOf(tx: Tx, endpoints: string, value: string) {
  await tx.$executeRawUnsafe(`DELETE FROM delivery_stats_hourly WHERE "endpointId" IN (${endpoints})`, value);
  await tx.$executeRawUnsafe(deleteDeliveriesSql(endpoints), value);
}

/** One endpoint's history. */
export function deleteEndpointHistory(tx: Tx, endpointId: string) {
  return deleteHistoryOf(tx, "SELECT $1::text", endpointId);
}

/** The history of every endpoint of an application (its endpoints go by their own key). */
export function deleteApplicationHistory(tx: Tx, applicationId: string) {
  return deleteHistoryOf(tx, `SELECT id FROM endpoints WHERE "applicationId" = $1`, applicationId);
}

/**
 * Everything an environment received (a message only targets endpoints of its own environment).
 * Found through its endpoints: `messages` has no index on its environment (one more entry per
 * ingested event), and scanning it would hold this request for minutes on a large history.
 */
export function deleteEnvironmentHistory(tx: Tx, environmentId: string) {
  return deleteHistoryOf(tx, `SELECT id FROM endpoints WHERE "environmentId" = $1`, environmentId);
}

/**
 * The endpoints with waiting deliveries that no longer exist. Without a foreign key, an event
 * accepted at the very moment its endpoint (or application, or environment) is deleted can land
 * after the deletion's own cleanup: such a delivery would wait, never claimed (the claim only
 * takes existing endpoints), until the retention purge. One probe of the queue index per
 * distinct waiting endpoint (a loose index scan), then a primary-key lookup each.
 */
const VANISHED_ENDPOINTS = `WITH RECURSIVE walk(id) AS (
    (SELECT "endpointId" FROM deliveries WHERE "nextAttemptAt" IS NOT NULL ORDER BY "endpointId" LIMIT 1)
    UNION ALL
    SELECT (SELECT d."endpointId" FROM deliveries d WHERE d."nextAttemptAt" IS NOT NULL AND d."endpointId" > w.id ORDER BY d."endpointId" LIMIT 1)
    FROM walk w WHERE w.id IS NOT NULL
  )
  SELECT id FROM walk WHERE id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM endpoints e WHERE e.id = walk.id)`;

/** Deletes the deliveries (and messages) of endpoints that are gone; the worker runs it now and then. */
export async function sweepVanishedEndpoints(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ deliveries: number }>(deleteDeliveriesSql(VANISHED_ENDPOINTS));
  return rows[0].deliveries;
}
