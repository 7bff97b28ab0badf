-- Written by hand. The eight history indexes (the list filters of endpoints and applications)
-- hold settled deliveries only: not those waiting for their first attempt (pending) and not
-- those in flight (delivering). Every write of a delivery changes indexed columns, so each
-- added an entry to every index of the table: the insert (pending), the claim (delivering) and
-- the outcome. Now the insert adds seven entries instead of thirteen, the claim five instead of
-- thirteen, the outcome twelve as before: a delivery's life goes from 38 index insertions to 24.
-- Lists merge three sources in one statement (lib/delivery-history/deliveries.ts, historyPageSql):
-- these indexes, two small indexes of pending deliveries (per endpoint and per application,
-- newest first) and the in-flight index ("deliveries_endpointId_delivering_idx").
-- Rebuilding the indexes blocks writes to deliveries while it runs: about 20 s per million rows.
DROP INDEX "deliveries_endpointId_createdAt_id_idx";
CREATE INDEX "deliveries_endpointId_createdAt_id_idx" ON "deliveries"("endpointId", "createdAt" DESC, "id" DESC) WHERE status NOT IN ('pending', 'delivering');
DROP INDEX "deliveries_endpointId_status_createdAt_id_idx";
CREATE INDEX "deliveries_endpointId_status_createdAt_id_idx" ON "deliveries"("endpointId", "status", "createdAt" DESC, "id" DESC) WHERE status NOT IN ('pending', 'delivering');
DROP INDEX "deliveries_endpointId_eventType_createdAt_id_idx";
CREATE INDEX "deliveries_endpointId_eventType_createdAt_id_idx" ON "deliveries"("endpointId", "eventType", "createdAt" DESC, "id" DESC) WHERE status NOT IN ('pending', 'delivering');
DROP INDEX "deliveries_endpointId_lastStatusClass_createdAt_id_idx";
CREATE INDEX "deliveries_endpointId_lastStatusClass_createdAt_id_idx" ON "deliveries"("endpointId", "lastStatusClass", "createdAt" DESC, "id" DESC) WHERE status NOT IN ('pending', 'delivering');
DROP INDEX "deliveries_applicationId_createdAt_id_idx";
CREATE INDEX "deliveries_applicationId_createdAt_id_idx" ON "deliveries"("applicationId", "createdAt" DESC, "id" DESC) WHERE status NOT IN ('pending', 'delivering');
DROP INDEX "deliveries_applicationId_status_createdAt_id_idx";
CREATE INDEX "deliveries_applicationId_status_createdAt_id_idx" ON "deliveries"("applicationId", "status", "createdAt" DESC, "id" DESC) WHERE status NOT IN ('pending', 'delivering');
DROP INDEX "deliveries_applicationId_eventType_createdAt_id_idx";
CREATE INDEX "deliveries_applicationId_eventType_createdAt_id_idx" ON "deliveries"("applicationId", "eventType", "createdAt" DESC, "id" DESC) WHERE status NOT IN ('pending', 'delivering');
DROP INDEX "deliveries_applicationId_lastStatusClass_createdAt_id_idx";
CREATE INDEX "deliveries_applicationId_lastStatusClass_createdAt_id_idx" ON "deliveries"("applicationId", "lastStatusClass", "createdAt" DESC, "id" DESC) WHERE status NOT IN ('pending', 'delivering');
CREATE INDEX "deliveries_endpointId_pending_idx" ON "deliveries"("endpointId", "createdAt" DESC, "id" DESC) WHERE status = 'pending';
CREATE INDEX "deliveries_applicationId_pending_idx" ON "deliveries"("applicationId", "createdAt" DESC, "id" DESC) WHERE status = 'pending';
