// A second consumer group of the order service: it projects every saga event, whoever produced
// it, into the order's timeline (GET /api/orders/:id). Inserting by eventId makes it idempotent.
import { TOPICS, type Envelope } from "../../../contracts";
import type { MessageContext, TopicHandlers } from "../../kit/kafka/consumer";
import type { OrderQueries } from "../application/ports";

export function timelineHandlers(queries: Pick<OrderQueries, "recordTimeline">): TopicHandlers {
  const record = async (event: Envelope, ctx: MessageContext) => {
    const consumedAt = ctx.headers["x-consumed-at"];
    await queries.recordTimeline([
      {
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
      },
    ]);
  };
  return Object.fromEntries(TOPICS.map((t) => [t, record])) as TopicHandlers;
}
