import type { Prisma } from "@/lib/db/client";

type Tx = Pick<Prisma.TransactionClient, "$executeRaw">;

/**
 * Deleting what deliveries hang from. Messages and deliveries carry no foreign key to their
 * workspace, environment, event type or endpoint (migration hot_parent_keys: the key checks
 * locked those few rows on every ingested event), so the cascades those keys gave are these
 * statements, run in the deleting transaction before the parent goes. A delivery's attempts
 * still follow it by their own key, and a message's deliveries follow the message.
 *
 * An event accepted at the very moment its endpoint is deleted can still land afterwards; such
 * a delivery is never claimed (its endpoint is gone) and the retention purge removes it.
 */

/** One endpoint's history. */
export function deleteEndpointHistory(tx: Tx, endpointId: string) {
  return tx.$executeRaw`DELETE FROM deliveries WHERE "endpointId" = ${endpointId}`;
}

/** The history of every endpoint of an application (its endpoints go by their own key). */
export function deleteApplicationHistory(tx: Tx, applicationId: string) {
  return tx.$executeRaw`DELETE FROM deliveries WHERE "endpointId" IN (SELECT id FROM endpoints WHERE "applicationId" = ${applicationId})`;
}

/** Everything an environment received: its messages, and with them their deliveries. */
export function deleteEnvironmentHistory(tx: Tx, environmentId: string) {
  return tx.$executeRaw`DELETE FROM messages WHERE "environmentId" = ${environmentId}`;
}
