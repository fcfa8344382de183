-- Records a projection could never store (see services/kit/kafka/parking.ts), kept as raw bytes.
CREATE TABLE "parked_events" (
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
