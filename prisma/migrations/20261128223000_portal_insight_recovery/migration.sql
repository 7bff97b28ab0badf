-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "validateEventSchemas" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "event_types" ADD COLUMN     "examples" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "schema" TEXT;

-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN     "eventType" TEXT,
ADD COLUMN     "lastStatusClass" INTEGER,
ADD COLUMN     "lastStatusCode" INTEGER;

-- CreateTable
CREATE TABLE "delivery_stats_hourly" (
    "endpointId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "applicationId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "timed" INTEGER NOT NULL DEFAULT 0,
    "latencyBuckets" INTEGER[],

    CONSTRAINT "delivery_stats_hourly_pkey" PRIMARY KEY ("endpointId","hour")
);

-- CreateTable
CREATE TABLE "recover_jobs" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "applicationId" TEXT,
    "endpointId" TEXT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,
    "until" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "requeued" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "cursorCreatedAt" TIMESTAMPTZ(3),
    "cursorId" TEXT,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "recover_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "delivery_stats_hourly_applicationId_hour_idx" ON "delivery_stats_hourly"("applicationId", "hour");

-- CreateIndex
CREATE INDEX "delivery_stats_hourly_hour_idx" ON "delivery_stats_hourly"("hour");

-- CreateIndex
CREATE INDEX "recover_jobs_endpointId_createdAt_idx" ON "recover_jobs"("endpointId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "recover_jobs_status_createdAt_idx" ON "recover_jobs"("status", "createdAt");

-- CreateIndex
CREATE INDEX "deliveries_applicationId_eventType_createdAt_id_idx" ON "deliveries"("applicationId", "eventType", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "deliveries_applicationId_lastStatusClass_createdAt_id_idx" ON "deliveries"("applicationId", "lastStatusClass", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "deliveries_endpointId_eventType_createdAt_id_idx" ON "deliveries"("endpointId", "eventType", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "deliveries_endpointId_lastStatusClass_createdAt_id_idx" ON "deliveries"("endpointId", "lastStatusClass", "createdAt" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "recover_jobs" ADD CONSTRAINT "recover_jobs_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recover_jobs" ADD CONSTRAINT "recover_jobs_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the new delivery columns from messages and the latest attempt, and the hourly
-- statistics from the attempts still retained.
UPDATE "deliveries" d SET "eventType" = m."eventType" FROM "messages" m WHERE m.id = d."messageId";
UPDATE "deliveries" d SET "lastStatusCode" = a."responseStatusCode", "lastStatusClass" = a."responseStatusCode" / 100
FROM (SELECT DISTINCT ON ("deliveryId") "deliveryId", "responseStatusCode" FROM "attempts" ORDER BY "deliveryId", "attemptNumber" DESC) a
WHERE a."deliveryId" = d.id;

DELETE FROM delivery_stats_hourly WHERE hour >= date_trunc('hour', (now() - interval '8 days')::timestamptz, 'UTC');

INSERT INTO delivery_stats_hourly AS s ("endpointId", hour, "workspaceId", "applicationId", attempts, succeeded, timed, "latencyBuckets")
    SELECT src.endpoint_id, date_trunc('hour', src.started_at, 'UTC'), min(src.workspace_id), min(src.application_id),
           count(*)::int, (count(*) FILTER (WHERE src.success))::int, count(src.ms)::int, ARRAY[(count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 0))::int, (count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 1))::int, (count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 2))::int, (count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 3))::int, (count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 4))::int, (count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 5))::int, (count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 6))::int, (count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 7))::int, (count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 8))::int, (count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 9))::int, (count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 10))::int, (count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 11))::int, (count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 12))::int, (count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 13))::int, (count(*) FILTER (WHERE width_bucket(src.ms, ARRAY[10,25,50,100,200,300,500,750,1000,1500,2500,5000,10000,20000]::int[]) = 14))::int]
    FROM (SELECT d."endpointId" AS endpoint_id, d."workspaceId" AS workspace_id, d."applicationId" AS application_id,
                            a."createdAt" AS started_at, a.status = 'success' AS success, a."responseTimeMs" AS ms
                     FROM attempts a JOIN deliveries d ON d.id = a."deliveryId"
                     WHERE a."createdAt" >= date_trunc('hour', (now() - interval '8 days')::timestamptz, 'UTC')) AS src
    GROUP BY 1, 2
    ORDER BY 1, 2
    ON CONFLICT ("endpointId", hour) DO UPDATE SET
      attempts = s.attempts + EXCLUDED.attempts,
      succeeded = s.succeeded + EXCLUDED.succeeded,
      timed = s.timed + EXCLUDED.timed,
      "latencyBuckets" = ARRAY(SELECT COALESCE(x, 0) + COALESCE(y, 0) FROM unnest(s."latencyBuckets", EXCLUDED."latencyBuckets") AS u(x, y));
