// Shared shape of an event handler's unit of work: the consumed event is recorded in the same
// transaction as its effect, so a redelivered event changes nothing.
import type { Envelope, NewEvent, PayloadOf, ServiceName, TopicName } from "../../../contracts";
import { CONSUMED_AT_HEADER } from "../../../contracts";
import type { MessageContext } from "../kafka/message";
import type { Tracing } from "../telemetry/tracing";

export type OutboxHeaders = Record<string, string>;
/** An event to publish with the transaction that caused it (the outbox, kit/db/outbox.ts). */
export type OutgoingEvent = { event: NewEvent<TopicName>; headers?: OutboxHeaders; traceparent?: string };

export type InboxTx = {
  /** Records the consumed events; answers the eventIds not processed before. */
  markAllProcessed(events: { eventId: string; topic: TopicName }[]): Promise<Set<string>>;
  enqueue<T extends TopicName>(
    event: NewEvent<T>,
    headers?: Record<string, string>,
    traceparent?: string,
  ): Promise<void>;
  enqueueAll(events: OutgoingEvent[]): Promise<void>;
};

export type UnitOfWork<Tx> = { run<R>(fn: (tx: Tx) => Promise<R>): Promise<R> };

export type HandlerDeps<Tx> = {
  uow: UnitOfWork<Tx>;
  service: ServiceName;
  newId(): string;
  now(): Date;
  /** Called after a transaction that enqueued events has committed (wakes the outbox relay). */
  published(): void;
  /** OpenTelemetry tracing; null or absent when off. */
  tracing?: Tracing | null;
};

export type HandleOutcome = "applied" | "duplicate";

/**
 * Runs `apply` inside one transaction with the inbox records, for the deliveries whose eventId
 * was never processed (a redelivery, or the same event twice in the batch, is left out).
 * Answers how many were applied.
 */
export async function handleAllOnce<Tx extends InboxTx, D extends { event: Envelope }>(
  deps: HandlerDeps<Tx>,
  deliveries: D[],
  apply: (tx: Tx, fresh: D[]) => Promise<void>,
): Promise<number> {
  const applied = await deps.uow.run(async (tx) => {
    const fresh = await tx.markAllProcessed(deliveries.map((d) => ({ eventId: d.event.eventId, topic: d.event.type })));
    const todo = deliveries.filter((d) => fresh.delete(d.event.eventId));
    if (todo.length > 0) await apply(tx, todo);
    return todo.length;
  });
  if (applied > 0) deps.published();
  return applied;
}

/** Runs `apply` once per eventId, inside one transaction with the inbox record. */
export async function handleOnce<Tx extends InboxTx>(
  deps: HandlerDeps<Tx>,
  event: Envelope,
  apply: (tx: Tx) => Promise<void>,
): Promise<HandleOutcome> {
  return (await handleAllOnce(deps, [{ event }], (tx) => apply(tx))) > 0 ? "applied" : "duplicate";
}

/** Builds the next event of the saga, caused by `cause`, the headers that time the hop and the handler's trace context. */
export function follow<T extends TopicName>(
  deps: Pick<HandlerDeps<unknown>, "service" | "newId" | "now">,
  cause: Envelope,
  ctx: Pick<MessageContext, "receivedAt" | "traceparent">,
  type: T,
  payload: PayloadOf<T>,
): { event: NewEvent<T>; headers: Record<string, string>; traceparent?: string } {
  return {
    event: {
      eventId: deps.newId(),
      type,
      orderId: cause.orderId,
      causationId: cause.eventId,
      producer: deps.service,
      payload,
      occurredAt: deps.now(),
    },
    headers: { [CONSUMED_AT_HEADER]: ctx.receivedAt.toISOString() },
    traceparent: ctx.traceparent,
  };
}
