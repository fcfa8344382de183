// Read side of the dead letters: saga-dlq records as dead-letter-consumer.ts stored them, with
// when an operator last re-published each one.
import type { DeadLetterView, PayloadOf, ServiceName } from "../../../contracts";
import type { DeadLetterQueries } from "../application/ports";
import type { PrismaClient } from "./generated/client";

type Row = {
  event_id: string;
  order_id: string;
  occurred_at: Date;
  payload: PayloadOf<"saga-dlq">;
  republished_at: Date | null;
};

export function prismaDeadLetterQueries(prisma: PrismaClient): DeadLetterQueries {
  return {
    async deadLetters(q) {
      const rows = await prisma.$queryRawUnsafe<Row[]>(
        `SELECT e.event_id, e.order_id, e.occurred_at, e.envelope->'payload' AS payload, r.republished_at
         FROM dead_letters e LEFT JOIN dead_letter_republishes r ON r.dlq_event_id = e.event_id
         WHERE ($1::text IS NULL OR e.envelope->'payload'->>'service' = $1)
           AND ($2::text IS NULL OR e.envelope->'payload'->>'sourceTopic' = $2)
           AND ($3::text IS NULL OR e.envelope->'payload'->'error'->>'code' = $3)
         ORDER BY e.occurred_at DESC LIMIT $4`,
        q.service ?? null,
        q.topic ?? null,
        q.code ?? null,
        q.limit,
      );
      return rows.map((r): DeadLetterView => ({
        id: r.event_id,
        orderId: r.order_id,
        topic: r.payload.sourceTopic,
        partition: r.payload.partition,
        offset: r.payload.offset,
        service: r.payload.service as ServiceName,
        error: r.payload.error,
        attempts: r.payload.attempts,
        at: r.occurred_at.toISOString(),
        original: r.payload.original,
        republishedAt: r.republished_at?.toISOString() ?? null,
      }));
    },
  };
}
