import { histogramAggSql } from "./buckets";

/**
 * The hourly rollup (delivery_stats_hourly) is written in the same statement that records
 * attempts, from a relation `source` with columns endpoint_id, workspace_id, application_id,
 * started_at (timestamptz), success (boolean), ms (int, null when nothing was timed). Rows are
 * grouped before the upsert so a batch touches each (endpoint, hour) once, and ordered so two
 * workers' batches lock shared rows in the same order (no deadlock).
 */
export function statsUpsertSql(source: string): string {
  return `INSERT INTO delivery_stats_hourly AS s ("endpointId", hour, "workspaceId", "applicationId", attempts, succeeded, timed, "latencyBuckets")
    SELECT src.endpoint_id, date_trunc('hour', src.started_at, 'UTC'), min(src.workspace_id), min(src.application_id),
           count(*)::int, (count(*) FILTER (WHERE src.success))::int, count(src.ms)::int, ${histogramAggSql("src.ms")}
    FROM ${source} AS src
    GROUP BY 1, 2
    ORDER BY 1, 2
    ON CONFLICT ("endpointId", hour) DO UPDATE SET
      attempts = s.attempts + EXCLUDED.attempts,
      succeeded = s.succeeded + EXCLUDED.succeeded,
      timed = s.timed + EXCLUDED.timed,
      "latencyBuckets" = ARRAY(SELECT COALESCE(x, 0) + COALESCE(y, 0) FROM unnest(s."latencyBuckets", EXCLUDED."latencyBuckets") AS u(x, y))`;
}

/**
 * Rebuilds the rollup from the attempts table for attempts at or after `since` (used once by the
 * migration that introduced it, by the portal benchmark after its bulk seed, and by tests that
 * seed attempts directly). Replaces the affected hours rather than adding to them.
 */
export function rebuildStatsSql(sinceParam = "$1"): string[] {
  return [
    `DELETE FROM delivery_stats_hourly WHERE hour >= date_trunc('hour', (${sinceParam})::timestamptz, 'UTC')`,
    statsUpsertSql(`(SELECT d."endpointId" AS endpoint_id, d."workspaceId" AS workspace_id, d."applicationId" AS application_id,
                            a."createdAt" AS started_at, a.status = 'success' AS success, a."responseTimeMs" AS ms
                     FROM attempts a JOIN deliveries d ON d.id = a."deliveryId"
                     WHERE a."createdAt" >= date_trunc('hour', (${sinceParam})::timestamptz, 'UTC'))`),
  ];
}
