// The saga's figures for /metrics, taken from the timeline projection as each event is first
// stored there (so a redelivered or re-applied event is not counted twice, and no other
// service does any work for them). A hop splits as the journey page splits it
// (stepTiming, timings.ts):
//   outbox wait = brokerTimestamp - occurredAt           (the relay published it)
//   handler     = occurredAt      - causeConsumedAt      (the producing handler's transaction)
//   Kafka wait  = causeConsumedAt - cause's brokerTimestamp (the cause waited in its topic)
// The cause's timestamp comes from a bounded memory of recent events; an effect stored before
// its cause waits there for it.
import { BoundedMap } from "../../../shared/ring";
import { sagaEnding, type AnyEnvelope, type CancelReason, type OrderStatus, type TopicName } from "../../../contracts";

export type SagaOutcome = Exclude<OrderStatus, "PENDING">;

export type SagaRecorder = {
  /** Orders accepted (stored PENDING with their order-create event). */
  started(count: number): void;
  /** `seconds`: from the order's acceptance to the transaction that ended it (null when unknown). */
  finished(outcome: SagaOutcome, reason: CancelReason | null, seconds: number | null): void;
  /** The hop that produced an event of `topic`. */
  outboxWait(topic: TopicName, seconds: number): void;
  kafkaWait(topic: TopicName, seconds: number): void;
  handlerTime(topic: TopicName, seconds: number): void;
};

/** An event the timeline stored for the first time; `acceptedAt` is its order's, for an ending. */
export type StoredStep = {
  event: AnyEnvelope;
  brokerTimestamp: Date;
  causeConsumedAt: Date | null;
  acceptedAt: Date | null;
};

export type SagaObserver = { observe(steps: readonly StoredStep[]): void };

const seconds = (ms: number) => Math.max(0, ms) / 1000;

export function sagaObserver(recorder: SagaRecorder, opts: { remember?: number } = {}): SagaObserver {
  const max = opts.remember ?? 50_000;
  /** Broker timestamp (ms) of recent events, by eventId. */
  const published = new BoundedMap<string, number>(max);
  /** Effects stored before their cause, by the cause's eventId: when they consumed it. */
  const waiting = new BoundedMap<string, { topic: TopicName; consumedAt: number }[]>(max);

  const step = ({ event, brokerTimestamp, causeConsumedAt, acceptedAt }: StoredStep) => {
    const occurred = new Date(event.occurredAt).getTime();
    const broker = brokerTimestamp.getTime();
    // A dead letter is not a hop of the saga.
    if (event.type !== "saga-dlq") {
      recorder.outboxWait(event.type, seconds(broker - occurred));
      if (causeConsumedAt) {
        const consumedAt = causeConsumedAt.getTime();
        recorder.handlerTime(event.type, seconds(occurred - consumedAt));
        if (event.causationId) {
          const causeAt = published.get(event.causationId);
          if (causeAt !== undefined) recorder.kafkaWait(event.type, seconds(consumedAt - causeAt));
          else waiting.set(event.causationId, [...(waiting.get(event.causationId) ?? []), { topic: event.type, consumedAt }]);
        }
      }
    }
    published.set(event.eventId, broker);
    for (const effect of waiting.get(event.eventId) ?? []) recorder.kafkaWait(effect.topic, seconds(effect.consumedAt - broker));
    waiting.delete(event.eventId);

    const ending = sagaEnding(event);
    if (ending) recorder.finished(ending.status, ending.reason, acceptedAt ? seconds(occurred - acceptedAt.getTime()) : null);
  };
  return { observe: (steps) => steps.forEach(step) };
}
