-- DropForeignKey
ALTER TABLE "messages" DROP CONSTRAINT "messages_workspaceId_fkey";

-- DropForeignKey
ALTER TABLE "messages" DROP CONSTRAINT "messages_environmentId_fkey";

-- DropForeignKey
ALTER TABLE "messages" DROP CONSTRAINT "messages_eventTypeId_fkey";

-- DropForeignKey
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_endpointId_fkey";

-- Written by hand. Every ingested event inserted a message and deliveries whose foreign keys
-- point at the same few rows (the workspace, the environment, the event type, the endpoint),
-- and a foreign key check locks its parent row (FOR KEY SHARE), which many concurrent ingest
-- transactions turn into shared multixacts rewritten on every insert. The cascades they gave are
-- now explicit deletes in
-- the code that removes an endpoint, application or environment (lib/delivery/history-delete.ts),
-- and a deleted event type leaves its id on old messages (nothing reads it back). The keys that
-- stay (a delivery to its message, an attempt to its delivery) point at rows written in the same
-- transaction, which nobody else locks.
