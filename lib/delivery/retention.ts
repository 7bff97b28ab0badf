import { config } from "@/lib/config";
import { queuePool, type Queryable } from "@/lib/db/pg";

const BATCH = 500;

/**
 * Data retention (7 days by default, spec §10.2): stored payloads are cleared first (they may
 * be kept for less time than the delivery history: NAHOOK_PAYLOAD_RETENTION_HOURS), so a
 * delivery's `hasPayload` turns false, then deliveries (with their attempts) and messages
 * older than the window are deleted. Small batches keep each statement's locks short; the
 * worker runs this periodically, and concurrent runs in several workers skip each other's rows.
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

  const repeat = async (sql: string, key: keyof typeof totals, before = cutoff) => {
    for (let i = 0; i < maxBatches; i++) {
      const { rowCount } = await q.query(sql, [before, BATCH]);
      totals[key] += rowCount ?? 0;
      if ((rowCount ?? 0) < BATCH) break;
    }
  };

  await repeat(
    `UPDATE messages SET payload = NULL
     WHERE id IN (SELECT id FROM messages WHERE "createdAt" < $1 AND payload IS NOT NULL LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    "payloads",
    payloadCutoff,
  );
  await repeat(
    `DELETE FROM deliveries
     WHERE id IN (SELECT id FROM deliveries WHERE "createdAt" < $1 AND status <> 'delivering' LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    "deliveries",
  );
  await repeat(
    `DELETE FROM messages
     WHERE id IN (
       SELECT m.id FROM messages m
       WHERE m."createdAt" < $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d."messageId" = m.id)
       LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    "messages",
  );
  // The hourly statistics and finished recover jobs follow the same window (the charts never
  // reach further back than the history they summarise).
  await repeat(
    `DELETE FROM delivery_stats_hourly
     WHERE ("endpointId", hour) IN (SELECT "endpointId", hour FROM delivery_stats_hourly WHERE hour < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    "stats",
  );
  await repeat(
    `DELETE FROM recover_jobs
     WHERE id IN (SELECT id FROM recover_jobs WHERE "createdAt" < $1 AND status IN ('completed', 'failed') LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    "recoverJobs",
  );
  return totals;
}
