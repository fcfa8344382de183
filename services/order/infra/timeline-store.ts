// Writes a batch of saga events into the order's timeline in one statement; an event seen twice
// (redelivery, replay) is ignored by its eventId. The statement answers the rows it stored, with
// their order's acceptance time for the saga's endings (for /metrics, saga-observer.ts).
import { ENDING_TOPICS } from "../../../contracts";
import type { Database } from "../../kit/db/sql";
import type { TimelineRecord, TimelineWriter } from "../application/ports";

export function sqlTimelineWriter(db: Database): TimelineWriter {
  return {
    async recordTimeline(records: TimelineRecord[]) {
      if (records.length === 0) return [];
      const rows = records.map((r) => ({
        event_id: r.eventId,
        order_id: r.orderId,
        topic: r.topic,
        partition: r.partition,
        offset: r.offset,
        producer: r.producer,
        causation_id: r.causationId,
        occurred_at: r.occurredAt.toISOString(),
        broker_timestamp: r.brokerTimestamp.toISOString(),
        cause_consumed_at: r.causeConsumedAt?.toISOString() ?? null,
        envelope: r.envelope,
      }));
      const r = await db.query<{ event_id: string; accepted_at: Date | null }>(
        `WITH stored AS (INSERT INTO saga_events (event_id, order_id, topic, partition, "offset", producer, causation_id, occurred_at, broker_timestamp, cause_consumed_at, envelope)
         SELECT event_id, order_id, topic, partition, "offset", producer, causation_id, occurred_at, broker_timestamp, cause_consumed_at, envelope
         FROM jsonb_to_recordset($1::jsonb) AS r(event_id text, order_id text, topic text, partition int, "offset" bigint, producer text,
           causation_id text, occurred_at timestamptz, broker_timestamp timestamptz, cause_consumed_at timestamptz, envelope jsonb)
         ON CONFLICT (event_id) DO NOTHING RETURNING event_id, order_id, topic)
         SELECT s.event_id, o.created_at AS accepted_at FROM stored s LEFT JOIN orders o ON s.topic = ANY($2::text[]) AND o.id = s.order_id`,
        [JSON.stringify(rows), ENDING_TOPICS],
      );
      return r.rows.map((row) => ({ eventId: row.event_id, acceptedAt: row.accepted_at }));
    },
  };
}
