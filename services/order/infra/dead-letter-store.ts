// Writes a batch of dead letters in one statement; one seen twice (redelivery, replay) is
// ignored by its eventId.
import type { Database } from "../../kit/db/sql";
import type { DeadLetterRecord, DeadLetterWriter } from "../application/ports";

export function sqlDeadLetterWriter(db: Database): DeadLetterWriter {
  return {
    async recordDeadLetters(records: DeadLetterRecord[]) {
      if (records.length === 0) return;
      const rows = records.map((r) => ({
        event_id: r.eventId,
        order_id: r.orderId,
        partition: r.partition,
        offset: r.offset,
        producer: r.producer,
        causation_id: r.causationId,
        occurred_at: r.occurredAt.toISOString(),
        broker_timestamp: r.brokerTimestamp.toISOString(),
        envelope: r.envelope,
      }));
      await db.query(
        `INSERT INTO dead_letters (event_id, order_id, partition, "offset", producer, causation_id, occurred_at, broker_timestamp, envelope)
         SELECT event_id, order_id, partition, "offset", producer, causation_id, occurred_at, broker_timestamp, envelope
         FROM jsonb_to_recordset($1::jsonb) AS r(event_id text, order_id text, partition int, "offset" bigint, producer text,
           causation_id text, occurred_at timestamptz, broker_timestamp timestamptz, envelope jsonb)
         ON CONFLICT (event_id) DO NOTHING`,
        [JSON.stringify(rows)],
      );
    },
  };
}
