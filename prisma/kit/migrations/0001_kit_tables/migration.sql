-- The kit's tables, in the shape every service's database has had them since its own migrations
-- created them (0001_init, the order service's 0006_parked_events, 0009_outbox_traceparent):
-- where they exist this is a no-op, on a database that lacks them it creates them. Columns in
-- the order those migrations left them (traceparent last), so a database reached either way is
-- the same.

-- Transactional outbox (services/kit/db/outbox.ts): rows committed with the state change,
-- published and deleted by the relay (services/kit/kafka/relay.ts).
CREATE TABLE IF NOT EXISTS "outbox" (
    "id" BIGSERIAL NOT NULL,
    "event_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "traceparent" TEXT,

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX IF NOT EXISTS "outbox_event_id_key" ON "outbox"("event_id");

-- Inbox (services/kit/db/outbox.ts markAllProcessed): every consumed eventId, recorded in the
-- same transaction as its effect.
CREATE TABLE IF NOT EXISTS "processed_events" (
    "event_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("event_id")
);

-- Records a projection could never store (services/kit/kafka/parking.ts), kept as raw bytes.
-- Any service's projection parks here (services/kit/runtime.ts), so every service has it.
CREATE TABLE IF NOT EXISTS "parked_events" (
    "group_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "offset" BIGINT NOT NULL,
    "record_key" BYTEA,
    "record_value" BYTEA,
    "error_code" TEXT NOT NULL,
    "error_message" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "parked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "parked_events_pkey" PRIMARY KEY ("group_id", "topic", "partition", "offset")
);
