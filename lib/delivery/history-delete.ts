import { Prisma } from "@/lib/db/client";

type Tx = Pick<Prisma.TransactionClient, "$executeRaw">;

/**
 * Deleting what deliveries hang from. Messages and deliveries carry no foreign key to their
 * workspace, environment, event type or endpoint (migration hot_parent_keys: the key checks
 * locked those few rows on every ingested event), so the cascades those keys gave are these
 * statements, run in the deleting transaction before the parent goes. The hourly statistics
 * (delivery_stats_hourly) have no key either, and go the same way. A delivery's attempts
 * still follow it by their own key.
 *
 * An event accepted at the very moment its endpoint is deleted can still land afterwards; such
 * a delivery is never claimed (its endpoint is gone) and the retention purge removes it.
 */

/**
 * The history of the endpoints `endpoints` selects (a subquery of ids): their statistics, their
 * deliveries, and each message none of whose deliveries is left. A message fanned out to other
 * endpoints stays for them. The retention purge only finds messages through their deliveries, so
 * a message left without any here would never be purged: payloads outliving their endpoint.
 * Everything is found through the endpoint indexes of `deliveries` and the message primary key.
 */
async function deleteHistoryOf(tx: Tx, endpoints: Prisma.Sql): Promise<number> {
  await tx.$executeRaw`DELETE FROM delivery_stats_hourly WHERE "endpointId" IN (${endpoints})`;
  return tx.$executeRaw`WITH gone AS (
      DELETE FROM deliveries WHERE "endpointId" IN (${endpoints}) RETURNING id, "messageId"
    )
    DELETE FROM messages m
    WHERE m.id IN (SELECT "messageId" FROM gone)
      AND NOT EXISTS (SELECT 1 FROM deliveries o WHERE o."messageId" = m.id AND o.id NOT IN (SELECT id FROM gone))`;
}

/** One endpoint's history. */
export function deleteEndpointHistory(tx: Tx, endpointId: string) {
  return deleteHistoryOf(tx, Prisma.sql`SELECT ${endpointId}::text`);
}

/** The history of every endpoint of an application (its endpoints go by their own key). */
export function deleteApplicationHistory(tx: Tx, applicationId: string) {
  return deleteHistoryOf(tx, Prisma.sql`SELECT id FROM endpoints WHERE "applicationId" = ${applicationId}`);
}

/**
 * Everything an environment received (a message only targets endpoints of its own environment).
 * Found through its endpoints: `messages` has no index on its environment (one more entry per
 * ingested event), and scanning it would hold this request for minutes on a large history.
 */
export function deleteEnvironmentHistory(tx: Tx, environmentId: string) {
  return deleteHistoryOf(tx, Prisma.sql`SELECT id FROM endpoints WHERE "environmentId" = ${environmentId}`);
}
