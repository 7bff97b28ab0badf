import type { Queryable } from "@/lib/db/pg";

/**
 * Endpoint owners. Each live delivery worker says so every PRESENCE_INTERVAL_MS, and each endpoint
 * is claimed by one of the live workers, chosen by rendezvous hashing over (worker, endpoint)
 * (in the claim, lib/delivery/fair-claim.ts). An endpoint's cap is then enforced by one worker,
 * which can keep it busy from memory (prefetch), instead of two workers taking turns under one
 * cap, each counting the other's answered attempts as in flight until their outcomes are
 * written: with two workers, one busy endpoint was delivered more slowly than with one.
 *
 * When a worker starts or stops, about 1/n of the endpoints change hands; the one losing an
 * endpoint finishes what it holds, and until then the cap counts both. A worker unseen for
 * PRESENCE_TTL_MS (crashed, hung, cut off from the database) owns nothing: its endpoints pass
 * to the others within that time, while its leases expire on their own.
 */
export const PRESENCE_INTERVAL_MS = 1_000;
export const PRESENCE_TTL_MS = 5_000;

/** Marks the worker (`holder`, the prefix of its lease owners) alive; forgets long-gone ones. */
export async function announceWorker(q: Queryable, holder: string): Promise<void> {
  await q.query(
    `WITH gone AS (DELETE FROM delivery_workers WHERE "seenAt" < now() - interval '1 minute' AND id <> $1)
     INSERT INTO delivery_workers (id, "seenAt") VALUES ($1, now())
     ON CONFLICT (id) DO UPDATE SET "seenAt" = now()`,
    [holder],
  );
}

/** A stopping worker hands its endpoints to the others at once. */
export async function withdrawWorker(q: Queryable, holder: string): Promise<void> {
  await q.query(`DELETE FROM delivery_workers WHERE id = $1`, [holder]);
}
