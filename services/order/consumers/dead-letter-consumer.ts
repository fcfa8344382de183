// The order service's record of the saga's dead letters: every saga-dlq event, whoever
// published it, stored once by its eventId (one insert per batch), for the operator tools
// (GET /admin/dlq, re-publish) and the order's journey. The rest of every journey is the saga
// observer's (services/observer).
import { DEAD_LETTER_TOPIC } from "../../../contracts";
import type { Projection } from "../../kit/kafka/projection";
import type { DeadLetterRecord, DeadLetterWriter } from "../application/ports";

export function deadLetterProjection(writer: DeadLetterWriter): Projection {
  return {
    topics: [DEAD_LETTER_TOPIC],
    apply: async (batch) => {
      const records = batch.flatMap(({ event, ctx }): DeadLetterRecord[] =>
        event.type === DEAD_LETTER_TOPIC
          ? [
              {
                eventId: event.eventId,
                orderId: event.orderId,
                partition: ctx.partition,
                offset: ctx.offset,
                producer: event.producer,
                causationId: event.causationId,
                occurredAt: new Date(event.occurredAt),
                brokerTimestamp: ctx.timestamp,
                envelope: event,
              },
            ]
          : [],
      );
      await writer.recordDeadLetters(records);
    },
  };
}
