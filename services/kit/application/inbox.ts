// Shared shape of an event handler's unit of work: the consumed event is recorded in the same
// transaction as its effect, so a redelivered event changes nothing.
import type { Envelope, NewEvent, PayloadOf, ServiceName, TopicName } from "../../../contracts";
import type { MessageContext } from "../kafka/consumer";

export type InboxTx = {
  /** False when this eventId was processed before. */
  markProcessed(eventId: string, topic: TopicName): Promise<boolean>;
  enqueue<T extends TopicName>(event: NewEvent<T>, headers?: Record<string, string>): Promise<void>;
};

export type UnitOfWork<Tx> = { run<R>(fn: (tx: Tx) => Promise<R>): Promise<R> };

export type HandlerDeps<Tx> = {
  uow: UnitOfWork<Tx>;
  service: ServiceName;
  newId(): string;
  now(): Date;
  /** Called after a transaction that enqueued events has committed (wakes the outbox relay). */
  published(): void;
};

export type HandleOutcome = "applied" | "duplicate";

/** Runs `apply` once per eventId, inside one transaction with the inbox record. */
export async function handleOnce<Tx extends InboxTx>(
  deps: HandlerDeps<Tx>,
  event: Envelope,
  apply: (tx: Tx) => Promise<void>,
): Promise<HandleOutcome> {
  const outcome = await deps.uow.run(async (tx) => {
    if (!(await tx.markProcessed(event.eventId, event.type))) return "duplicate" as const;
    await apply(tx);
    return "applied" as const;
  });
  if (outcome === "applied") deps.published();
  return outcome;
}

/** Builds the next event of the saga, caused by `cause`, and the headers that time the hop. */
export function follow<T extends TopicName>(
  deps: Pick<HandlerDeps<unknown>, "service" | "newId" | "now">,
  cause: Envelope,
  ctx: Pick<MessageContext, "receivedAt">,
  type: T,
  payload: PayloadOf<T>,
): { event: NewEvent<T>; headers: Record<string, string> } {
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
    headers: { "x-consumed-at": ctx.receivedAt.toISOString() },
  };
}
