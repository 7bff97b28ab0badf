import type { z } from "zod";
import type { RecoverJobSchema } from "@/lib/api/management/recover";
import type { Actor } from "@/lib/audit/record";
import { recordAudit } from "@/lib/audit/record";
import { db, Prisma, type RecoverJob } from "@/lib/db/client";
import { retentionStart } from "@/lib/delivery-history/deliveries";
import { notifyWorkers } from "@/lib/delivery/queue";
import type pg from "pg";
import { ApiError, notFound } from "@/lib/http/errors";
import { newId } from "@/lib/ids";

export type RecoverJobDto = z.infer<typeof RecoverJobSchema>;

/** Deliveries re-queued per worker step: one short statement, then progress is visible. */
export const RECOVER_CHUNK = 500;
/**
 * Chunks in a row that may fail before the job is marked failed (with the error): a job that
 * can never finish must not be retried forever, holding up the jobs behind it.
 */
export const RECOVER_MAX_FAILURES = 5;

/**
 * The statuses a recover job re-sends, written into its SQL rather than bound: the endpoint's
 * (endpointId, status, createdAt) history index is partial, and only a literal proves it applies.
 */
const RECOVERABLE = "('failed', 'dead_letter')";

export function serializeRecoverJob(job: RecoverJob): RecoverJobDto {
  return {
    id: job.id,
    endpointId: job.endpointId,
    status: job.status as RecoverJobDto["status"],
    since: job.since.toISOString(),
    until: job.until.toISOString(),
    total: Math.max(job.total, job.processed),
    processed: job.processed,
    requeued: job.requeued,
    skipped: job.skipped,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    completedAt: job.completedAt?.toISOString() ?? null,
  };
}

interface Scope {
  workspaceId: string;
  endpointId: string;
  /** Set by the portal: the endpoint must belong to the session's application. */
  applicationId?: string;
}

/**
 * Starts "retry every failed or dead-lettered delivery of this endpoint between since and
 * until". Idempotent per endpoint: under a lock on the endpoint row, an unfinished job of the
 * endpoint is returned instead of a second one (pressing twice does not double-send), and the
 * worker only re-queues deliveries that are still failed or dead-lettered, so one already put
 * back in the queue is never queued twice. The window is clamped to the retention window.
 */
export async function startRecoverJob(opts: Scope & { since: string; until?: string; actor: Actor; now?: Date }): Promise<{ job: RecoverJobDto; created: boolean }> {
  const now = opts.now ?? new Date();
  const floor = retentionStart();
  const requestedSince = new Date(opts.since);
  const until = opts.until ? new Date(opts.until) : now;
  if (requestedSince.getTime() > now.getTime()) throw new ApiError("validation_error", "since: must not be in the future", [{ field: "since", message: "must not be in the future" }]);
  if (until.getTime() < floor.getTime()) {
    throw new ApiError("validation_error", "until: is older than the 7-day retention window; those deliveries no longer exist", [{ field: "until", message: "is older than the retention window" }]);
  }
  const since = requestedSince < floor ? floor : requestedSince;

  return db.$transaction(async (tx) => {
    const endpoint = await tx.$queryRaw<{ id: string; isActive: boolean }[]>`
      SELECT id, "isActive" FROM endpoints
      WHERE id = ${opts.endpointId} AND "workspaceId" = ${opts.workspaceId}
        ${opts.applicationId ? Prisma.sql`AND "applicationId" = ${opts.applicationId}` : Prisma.empty}
      FOR UPDATE`;
    if (endpoint.length === 0) throw notFound("Endpoint");
    const running = await tx.recoverJob.findFirst({
      where: { endpointId: opts.endpointId, workspaceId: opts.workspaceId, status: { in: ["queued", "running"] } },
      orderBy: { createdAt: "desc" },
    });
    if (running) return { job: serializeRecoverJob(running), created: false };
    if (!endpoint[0].isActive) throw new ApiError("conflict", "Endpoint is disabled; enable it before retrying its deliveries");

    const [{ total }] = await tx.$queryRaw<{ total: number }[]>`
      SELECT count(*)::int AS total FROM deliveries
      WHERE "endpointId" = ${opts.endpointId} AND "workspaceId" = ${opts.workspaceId} AND status IN ${Prisma.raw(RECOVERABLE)}
        AND "createdAt" >= ${since}::timestamptz AND "createdAt" <= ${until}::timestamptz`;
    const job = await tx.recoverJob.create({
      data: {
        id: newId("rcv"), workspaceId: opts.workspaceId, applicationId: opts.applicationId ?? null, endpointId: opts.endpointId,
        since, until, total, actorType: opts.actor.type, actorId: opts.actor.id, actorLabel: opts.actor.label,
        // Nothing to do: done at once, so the caller's progress view is final immediately.
        ...(total === 0 ? { status: "completed", completedAt: now } : {}),
      },
    });
    await recordAudit(tx, {
      workspaceId: opts.workspaceId, actor: opts.actor, action: "endpoint.recover_started", resourceType: "endpoint", resourceId: opts.endpointId,
      metadata: { jobId: job.id, since: since.toISOString(), until: until.toISOString(), total },
    });
    return { job: serializeRecoverJob(job), created: true };
  });
}

export async function getRecoverJob(opts: Scope & { jobId: string }): Promise<RecoverJobDto> {
  const job = await db.recoverJob.findFirst({
    where: { id: opts.jobId, endpointId: opts.endpointId, workspaceId: opts.workspaceId, ...(opts.applicationId ? { endpoint: { applicationId: opts.applicationId } } : {}) },
  });
  if (!job) throw notFound("Recover job");
  return serializeRecoverJob(job);
}

/** The endpoint's most recent job (the portal shows its progress on the endpoint page). */
export async function latestRecoverJob(opts: Scope): Promise<RecoverJobDto | null> {
  const job = await db.recoverJob.findFirst({
    where: { endpointId: opts.endpointId, workspaceId: opts.workspaceId, ...(opts.applicationId ? { endpoint: { applicationId: opts.applicationId } } : {}) },
    orderBy: { createdAt: "desc" },
  });
  return job ? serializeRecoverJob(job) : null;
}

/**
 * One worker step: takes the oldest unfinished job (SKIP LOCKED, so several workers share the
 * jobs), re-queues up to `chunk` of its deliveries in (createdAt, id) order from its cursor —
 * only those still failed or dead-lettered and with a stored payload — and records progress,
 * all in one transaction. Returns true when a job made progress (call again at once). A failed
 * step is counted on the job (see RECOVER_MAX_FAILURES) and rethrown.
 */
export async function processRecoverChunk(pool: pg.Pool, chunk = RECOVER_CHUNK): Promise<boolean> {
  const client = await pool.connect();
  let requeued = 0;
  let jobId: string | null = null;
  try {
    await client.query("BEGIN");
    const { rows: jobs } = await client.query<RecoverJob>(
      `SELECT * FROM recover_jobs WHERE status IN ('queued', 'running') ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    const job = jobs[0];
    jobId = job?.id ?? null;
    if (!job) {
      await client.query("COMMIT");
      return false;
    }
    const { rows } = await client.query<{ seen: string; requeued: string; last_created: Date | null; last_id: string | null }>(
      `WITH cand AS (
         SELECT d.id, d."createdAt", m.payload IS NOT NULL AS has_payload
         FROM deliveries d JOIN messages m ON m.id = d."messageId"
         WHERE d."endpointId" = $1 AND d."workspaceId" = $2 AND d.status IN ${RECOVERABLE}
           AND d."createdAt" >= $3 AND d."createdAt" <= $4
           AND ($5::timestamptz IS NULL OR (d."createdAt", d.id) > ($5::timestamptz, $6::text))
         ORDER BY d."createdAt", d.id
         LIMIT $7
         FOR UPDATE OF d SKIP LOCKED
       ), upd AS (
         UPDATE deliveries SET status = 'pending', "nextAttemptAt" = now(), "updatedAt" = now()
         FROM cand WHERE deliveries.id = cand.id AND cand.has_payload AND deliveries.status IN ${RECOVERABLE}
         RETURNING deliveries.id
       ), last AS (
         SELECT "createdAt", id FROM cand ORDER BY "createdAt" DESC, id DESC LIMIT 1
       )
       SELECT (SELECT count(*) FROM cand) AS seen, (SELECT count(*) FROM upd) AS requeued,
              (SELECT "createdAt" FROM last) AS last_created, (SELECT id FROM last) AS last_id`,
      [job.endpointId, job.workspaceId, job.since, job.until, job.cursorCreatedAt, job.cursorId, chunk],
    );
    const seen = Number(rows[0].seen);
    requeued = Number(rows[0].requeued);
    const done = seen < chunk;
    // On completion the counts add up to the total: deliveries counted when the job was created
    // but no longer failed when it reached them (retried by hand meanwhile) were skipped, and
    // ones that failed after it was created, inside its window, raise the total.
    await client.query(
      `UPDATE recover_jobs SET status = $2, requeued = requeued + $4,
         processed = CASE WHEN $2 = 'completed' THEN GREATEST(total, processed + $3) ELSE processed + $3 END,
         skipped = skipped + $3 - $4 + CASE WHEN $2 = 'completed' THEN GREATEST(total - processed - $3, 0) ELSE 0 END,
         total = CASE WHEN $2 = 'completed' THEN GREATEST(total, processed + $3) ELSE total END,
         "cursorCreatedAt" = COALESCE($5, "cursorCreatedAt"), "cursorId" = COALESCE($6, "cursorId"),
         "completedAt" = CASE WHEN $2 = 'completed' THEN now() ELSE NULL END, failures = 0, "updatedAt" = now()
       WHERE id = $1`,
      [job.id, done ? "completed" : "running", seen, requeued, rows[0].last_created, rows[0].last_id],
    );
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    // Counted outside the failed transaction; if the database itself is away, nothing is
    // counted and the job simply runs again later.
    if (jobId) {
      await pool
        .query(
          `UPDATE recover_jobs SET failures = failures + 1, error = left($2, 500), "updatedAt" = now(),
             status = CASE WHEN failures + 1 >= $3 THEN 'failed' ELSE status END,
             "completedAt" = CASE WHEN failures + 1 >= $3 THEN now() ELSE "completedAt" END
           WHERE id = $1 AND status IN ('queued', 'running')`,
          [jobId, (error as Error).message, RECOVER_MAX_FAILURES],
        )
        .catch(() => {});
    }
    throw error;
  } finally {
    client.release();
    if (requeued > 0) await notifyWorkers(pool).catch(() => {});
  }
}
