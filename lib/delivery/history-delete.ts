import type { Prisma } from "@/lib/db/client";

type Tx = Pick<Prisma.TransactionClient, "$executeRaw">;

/**
 * Deleting what deliveries hang from. Messages and deliveries carry no foreign key to their
 * workspace, environment, event type or endpoint (migration hot_parent_keys: the key checks
 * locked those few rows on every ingested event), so the cascades those keys gave are these
 * statements, run in the deleting transaction before the parent goes. The hourly statistics
 * (delivery_stats_hourly) have no key either, and go the same way. A delivery's attempts
 * still follow it by their own key, and a message's deliveries follow the message.
 *
 * An event accepted at the very moment its endpoint is deleted can still land afterwards; such
 * a delivery is never claimed (its endpoint is gone) and the retention purge removes it.
 */

/** One endpoint's history, and its hourly statistics (an application's totals read them). */
export async function deleteEndpointHistory(tx: Tx, endpointId: string) {
  await tx.$executeRaw`DELETE FROM delivery_stats_hourly WHERE "endpointId" = ${endpointId}`;
  return tx.$executeRaw`DELETE FROM deliveries WHERE "endpointId" = ${endpointId}`;
}

/** The history and statistics of every endpoint of an application (its endpoints go by their own key). */
export async function deleteApplicationHistory(tx: Tx, applicationId: string) {
  await tx.$executeRaw`DELETE FROM delivery_stats_hourly WHERE "endpointId" IN (SELECT id FROM endpoints WHERE "applicationId" = ${applicationId})`;
  return tx.$executeRaw`DELETE FROM deliveries WHERE "endpointId" IN (SELECT id FROM endpoints WHERE "applicationId" = ${applicationId})`;
}

/** Everything an environment received: its messages (and with them their deliveries), and its endpoints' statistics. */
export async function deleteEnvironmentHistory(tx: Tx, environmentId: string) {
  await tx.$executeRaw`DELETE FROM delivery_stats_hourly WHERE "endpointId" IN (SELECT id FROM endpoints WHERE "environmentId" = ${environmentId})`;
  return tx.$executeRaw`DELETE FROM messages WHERE "environmentId" = ${environmentId}`;
}
