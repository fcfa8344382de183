-- Dead letters an operator re-published (GET /api/admin/dlq shows when), and a partial index
-- so that listing saga-dlq records does not scan every order's timeline.
CREATE TABLE "dead_letter_republishes" (
    "dlq_event_id" TEXT NOT NULL,
    "times" INTEGER NOT NULL DEFAULT 1,
    "republished_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dead_letter_republishes_pkey" PRIMARY KEY ("dlq_event_id")
);

CREATE INDEX "saga_events_dlq_idx" ON "saga_events"("occurred_at" DESC) WHERE "topic" = 'saga-dlq';
