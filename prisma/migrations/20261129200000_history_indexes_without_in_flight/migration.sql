-- Written by hand. The eight history indexes (the list filters of endpoints and applications)
-- leave out deliveries in flight. A claim turns each claimed delivery into 'delivering', and that
-- update changes indexed columns, so it added an entry to every index of the table, these eight
-- included, for a row version that lists show only while its attempt runs. Partial, they take
-- nothing from the claim: a claimed row now costs 5 index insertions instead of 13 (the
-- primary key, the unique idempotency key, messageId, createdAt and the in-flight index), and
-- the claim, which runs one at a time, is shorter. A delivery's whole life (insert, claim,
-- outcome) goes from 38 index insertions to 30. Lists read deliveries in flight through the
-- small in-flight index ("deliveries_endpointId_delivering_idx"), in the same statement.
-- Rebuilding the indexes blocks writes to deliveries while it runs: about 20 s per million rows.
DROP INDEX "deliveries_endpointId_createdAt_id_idx";
CREATE INDEX "deliveries_endpointId_createdAt_id_idx" ON "deliveries"("endpointId", "createdAt" DESC, "id" DESC) WHERE status <> 'delivering';
DROP INDEX "deliveries_endpointId_status_createdAt_id_idx";
CREATE INDEX "deliveries_endpointId_status_createdAt_id_idx" ON "deliveries"("endpointId", "status", "createdAt" DESC, "id" DESC) WHERE status <> 'delivering';
DROP INDEX "deliveries_endpointId_eventType_createdAt_id_idx";
CREATE INDEX "deliveries_endpointId_eventType_createdAt_id_idx" ON "deliveries"("endpointId", "eventType", "createdAt" DESC, "id" DESC) WHERE status <> 'delivering';
DROP INDEX "deliveries_endpointId_lastStatusClass_createdAt_id_idx";
CREATE INDEX "deliveries_endpointId_lastStatusClass_createdAt_id_idx" ON "deliveries"("endpointId", "lastStatusClass", "createdAt" DESC, "id" DESC) WHERE status <> 'delivering';
DROP INDEX "deliveries_applicationId_createdAt_id_idx";
CREATE INDEX "deliveries_applicationId_createdAt_id_idx" ON "deliveries"("applicationId", "createdAt" DESC, "id" DESC) WHERE status <> 'delivering';
DROP INDEX "deliveries_applicationId_status_createdAt_id_idx";
CREATE INDEX "deliveries_applicationId_status_createdAt_id_idx" ON "deliveries"("applicationId", "status", "createdAt" DESC, "id" DESC) WHERE status <> 'delivering';
DROP INDEX "deliveries_applicationId_eventType_createdAt_id_idx";
CREATE INDEX "deliveries_applicationId_eventType_createdAt_id_idx" ON "deliveries"("applicationId", "eventType", "createdAt" DESC, "id" DESC) WHERE status <> 'delivering';
DROP INDEX "deliveries_applicationId_lastStatusClass_createdAt_id_idx";
CREATE INDEX "deliveries_applicationId_lastStatusClass_createdAt_id_idx" ON "deliveries"("applicationId", "lastStatusClass", "createdAt" DESC, "id" DESC) WHERE status <> 'delivering';
