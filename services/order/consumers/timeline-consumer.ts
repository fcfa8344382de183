// The order service's timeline projection: every saga event, whoever produced it, lands in the
// order's journey (GET /api/orders/:id), one insert per batch; inserting by eventId makes it
// idempotent.
import { TOPICS } from "../../../contracts";
import type { Projection } from "../../kit/kafka/projection";
import type { TimelineWriter } from "../application/ports";

export function timelineProjection(writer: TimelineWriter): Projection {
  return {
    topics: TOPICS,
    apply: (batch) =>
      writer.recordTimeline(
        batch.map(({ event, ctx }) => {
          const consumedAt = ctx.headers["x-consumed-at"];
          return {
            eventId: event.eventId,
            orderId: event.orderId,
            topic: event.type,
            partition: ctx.partition,
            offset: ctx.offset,
            producer: event.producer,
            causationId: event.causationId,
            occurredAt: new Date(event.occurredAt),
            brokerTimestamp: ctx.timestamp,
            causeConsumedAt: consumedAt ? new Date(consumedAt) : null,
            envelope: event,
          };
        }),
      ),
  };
}
