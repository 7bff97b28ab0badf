import { config } from "@/lib/config";
import { queuePool, type Queryable } from "@/lib/db/pg";

const BATCH = 500;

/**
 * Between batches the purge rests as long as the last batch took (up to a second), so it never
 * takes more than about half of what PostgreSQL can give: a million expired rows then cost the
 * deliveries flowing meanwhile little latency (measured by `npm run bench:scale`), and the purge
 * still removes well over a thousand rows a second.
 */
const restAfter = (startedAt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(performance.now() - startedAt, 1_000)));

/**
 * Data retention (7 days by default, spec §10.2): deliveries (with their attempts) and messages
 * older than the window are deleted, then stored payloads are cleared where they are kept for
 * less time than the history (NAHOOK_PAYLOAD_RETENTION_HOURS), so a delivery's `hasPayload` turns
 * false. Small batches keep each statement's locks short; the worker runs this periodically, and
 * concurrent runs in several workers skip each other's rows.
 *
 * Each batch deletes its deliveries' messages in the same statement (when no other delivery still
 * uses them), so the cost of a batch does not grow with the backlog: measured by
 * `npm run bench:scale`, a separate "messages without deliveries" pass re-scanned every expired
 * message that still had deliveries, once per batch, and a payload pass run first re-read every
 * payload it had just cleared — both quadratic in the number of expired rows.
 */
export async function purgeExpired(
  opts: { now?: Date; maxBatches?: number; retentionMs?: number; payloadRetentionMs?: number } = {},
  q: Queryable = queuePool(),
) {
  const now = opts.now?.getTime() ?? Date.now();
  const cutoff = new Date(now - (opts.retentionMs ?? config().retention.historyMs));
  const payloadCutoff = new Date(now - (opts.payloadRetentionMs ?? config().retention.payloadMs));
  const maxBatches = opts.maxBatches ?? 200;
  const totals = { payloads: 0, deliveries: 0, messages: 0, stats: 0, recoverJobs: 0 };

  let backlogLeft = true;
  for (let i = 0; i < maxBatches; i++) {
    const startedAt = performance.now();
    const { rows } = await q.query<{ deliveries: number; messages: number }>(
      `WITH d AS (
         DELETE FROM deliveries
         WHERE id IN (SELECT id FROM deliveries WHERE "createdAt" < $1 AND status <> 'delivering' LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id, "messageId"
       ), m AS (
         DELETE FROM messages
         WHERE id IN (SELECT DISTINCT "messageId" FROM d)
           AND "createdAt" < $1
           AND NOT EXISTS (SELECT 1 FROM deliveries o WHERE o."messageId" = messages.id AND o.id NOT IN (SELECT id FROM d))
         RETURNING id
       )
       SELECT (SELECT count(*) FROM d)::int AS deliveries, (SELECT count(*) FROM m)::int AS messages`,
      [cutoff, BATCH],
    );
    totals.deliveries += rows[0].deliveries;
    totals.messages += rows[0].messages;
    if (rows[0].deliveries < BATCH) {
      backlogLeft = false;
      break;
    }
    await restAfter(startedAt);
  }

  const repeat = async (sql: string, key: keyof typeof totals, before: Date) => {
    for (let i = 0; i < maxBatches; i++) {
      const startedAt = performance.now();
      const { rowCount } = await q.query(sql, [before, BATCH]);
      totals[key] += rowCount ?? 0;
      if ((rowCount ?? 0) < BATCH) break;
      await restAfter(startedAt);
    }
  };
  // Messages left without deliveries (a concurrent run deleted their other deliveries, or a
  // trigger wrote none): few, but finding them walks every expired message, so only once the
  // expired deliveries are gone.
  if (!backlogLeft) await repeat(
    `DELETE FROM messages
     WHERE id IN (
       SELECT m.id FROM messages m
       WHERE m."createdAt" < $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d."messageId" = m.id)
       LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    "messages",
    cutoff,
  );
  await repeat(
    `UPDATE messages SET payload = NULL
     WHERE id IN (SELECT id FROM messages WHERE "createdAt" < $1 AND payload IS NOT NULL LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    "payloads",
    payloadCutoff,
  );
  // The hourly statistics and finished recover jobs follow the same window (the charts never
  // reach further back than the history they summarise).
  await repeat(
    `DELETE FROM delivery_stats_hourly
     WHERE ("endpointId", hour) IN (SELECT "endpointId", hour FROM delivery_stats_hourly WHERE hour < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    "stats",
    cutoff,
  );
  await repeat(
    `DELETE FROM recover_jobs
     WHERE id IN (SELECT id FROM recover_jobs WHERE "createdAt" < $1 AND status IN ('completed', 'failed') LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    "recoverJobs",
    cutoff,
  );
  return totals;
}
