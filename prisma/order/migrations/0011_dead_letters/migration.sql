-- Every order's journey is the saga observer's now (services/observer, saga `orders`): the
-- order service keeps only orders, and of the saga's records only its dead letters (saga-dlq),
-- which its operator tools list and re-publish.
DELETE FROM "saga_events" WHERE "topic" <> 'saga-dlq';
DROP INDEX IF EXISTS "saga_events_dlq_idx";
ALTER TABLE "saga_events" RENAME TO "dead_letters";
ALTER TABLE "dead_letters" RENAME CONSTRAINT "saga_events_pkey" TO "dead_letters_pkey";
ALTER INDEX "saga_events_order_id_occurred_at_idx" RENAME TO "dead_letters_order_id_occurred_at_idx";
ALTER TABLE "dead_letters" DROP COLUMN "topic", DROP COLUMN "cause_consumed_at";
CREATE INDEX "dead_letters_newest_idx" ON "dead_letters"("occurred_at" DESC);
