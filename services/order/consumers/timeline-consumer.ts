// The order service's timeline projection: every saga event, whoever produced it, lands in the
// order's journey (GET /api/orders/:id), one insert per batch; inserting by eventId makes it
// idempotent. The events stored for the first time feed the saga's metrics (saga-observer.ts).
import { TOPICS } from "../../../contracts";
import type { Projection } from "../../kit/kafka/projection";
import type { TimelineRecord, TimelineWriter } from "../application/ports";
import type { SagaObserver, StoredStep } from "../application/saga-observer";

export function timelineProjection(writer: TimelineWriter, observer?: SagaObserver): Projection {
  return {
    topics: TOPICS,
    apply: async (batch) => {
      const records = batch.map(({ event, ctx }): TimelineRecord => {
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
      });
      const stored = new Map((await writer.recordTimeline(records)).map((s) => [s.eventId, s.acceptedAt]));
      if (!observer || stored.size === 0) return;
      const steps: StoredStep[] = [];
      records.forEach((r, i) => {
        const acceptedAt = stored.get(r.eventId);
        if (acceptedAt === undefined) return;
        stored.delete(r.eventId); // the same event twice in one batch was stored once
        steps.push({ event: batch[i]!.event, brokerTimestamp: r.brokerTimestamp, causeConsumedAt: r.causeConsumedAt, acceptedAt });
      });
      observer.observe(steps);
    },
  };
}
