-- DropForeignKey
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_workspaceId_fkey";

-- DropForeignKey
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_environmentId_fkey";

-- DropForeignKey
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_applicationId_fkey";

-- DropIndex
DROP INDEX "deliveries_status_nextAttemptAt_idx";

-- DropIndex
DROP INDEX "deliveries_status_leaseExpiresAt_idx";

-- Written by hand. Every change of a delivery status is a non-HOT update (status is indexed),
-- so each write touches every index of this table: fewer indexes make ingest and delivery cheaper.
-- - The three foreign keys above were redundant: a delivery endpoint belongs to the same
--   workspace, environment and application and cascades from each of them, so the endpoint
--   key alone keeps the same deletes, and each key also cost a lookup and a row lock per insert.
-- - (status, nextAttemptAt) served the claim before fair claiming, and (status, leaseExpiresAt) is
--   covered by the partial "delivering" index (only in-flight rows are in it).
-- - nextAttemptAt is non-null exactly while a delivery waits: indexing only those rows keeps
--   delivered history out of the queue index (a partial index gets no entry for the row
--   versions that do not match, so claims and outcomes skip it).
DROP INDEX "deliveries_nextAttemptAt_idx";
CREATE INDEX "deliveries_nextAttemptAt_idx" ON "deliveries"("nextAttemptAt") WHERE "nextAttemptAt" IS NOT NULL;
