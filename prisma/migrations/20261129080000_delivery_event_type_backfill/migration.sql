-- Written by hand. Deliveries written through the batched enqueue statement (every API send
-- and batch since group commit) were stored without their event type, so filtering history
-- by event type missed them. The statement now copies it, and this fills in the rows written before.
UPDATE "deliveries" d SET "eventType" = m."eventType"
FROM "messages" m
WHERE m.id = d."messageId" AND d."eventType" IS NULL AND m."eventType" IS NOT NULL;
