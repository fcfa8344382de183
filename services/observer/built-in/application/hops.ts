// The built-in saga's figures for /metrics, taken from the observer's records of the `orders`
// saga as each is first stored (so a redelivered record is not counted twice, and none of the
// saga's services does any work for them). A hop splits as the journey page splits it
// (stepTiming, timings.ts):
//   outbox wait = brokerTimestamp - occurredAt           (the relay published it)
//   handler     = occurredAt      - causeConsumedAt      (the producing handler's transaction)
//   Kafka wait  = causeConsumedAt - cause's brokerTimestamp (the cause waited in its topic)
// The cause's timestamp comes from a bounded memory of recent events; an effect stored before
// its cause waits there for it. A saga's time runs from its first event (stored with the order,
// in the transaction that accepted it) to its ending event. The same event published twice
// (an operator's duplicate, a relay's resend) is one hop: the key is the eventId, as the
// journey's (foldSteps, contracts/record-step.ts), kept here in a bounded memory.
import { BoundedMap } from "../../../../shared/ring";
import {
  DEAD_LETTER_TOPIC,
  recordStep,
  sagaEnding,
  type AnyEnvelope,
  type CancelReason,
  type OrderStatus,
  type TopicName,
} from "../../../../contracts";
import type { ObservedRecord } from "../../domain/record";

export type SagaOutcome = Exclude<OrderStatus, "PENDING">;

export type SagaRecorder = {
  /** `seconds`: from the saga's first event to the one that ended it (null when the first was not seen). */
  finished(outcome: SagaOutcome, reason: CancelReason | null, seconds: number | null): void;
  /** The hop that produced an event of `topic`. */
  outboxWait(topic: TopicName, seconds: number): void;
  kafkaWait(topic: TopicName, seconds: number): void;
  handlerTime(topic: TopicName, seconds: number): void;
};

/** An event of the built-in saga as the observer stored it. */
export type StoredStep = { event: AnyEnvelope; brokerTimestamp: Date; causeConsumedAt: Date | null };

export type SagaObserver = { observe(steps: readonly StoredStep[]): void };

const seconds = (ms: number) => Math.max(0, ms) / 1000;

/** The built-in saga's stored records read as the journey reads them (contracts/record-step.ts): those whose value is an envelope of their topic. */
export function storedSteps(records: readonly ObservedRecord[], topicPrefix: string): StoredStep[] {
  return records.flatMap((r) => {
    const step = recordStep(r, topicPrefix);
    if (!step) return [];
    const consumed = step.causeConsumedAt === null ? null : new Date(step.causeConsumedAt);
    return [{ event: step.envelope, brokerTimestamp: r.at, causeConsumedAt: consumed }];
  });
}

export function sagaObserver(recorder: SagaRecorder, opts: { remember?: number } = {}): SagaObserver {
  // Each memory holds up to `max` entries, about 0.4 KB each with its key (three full ones at
  // 50,000 were 59 MB of heap, and the observer passed 200 MB in a 10-minute bench). 20,000 is
  // 20 s of events at 1,000 records/s: a cause's time is only needed until its effects arrive.
  const max = opts.remember ?? 20_000;
  /** Broker timestamp (ms) of recent events, by eventId. */
  const published = new BoundedMap<string, number>(max);
  /** Effects stored before their cause, by the cause's eventId: when they consumed it. */
  const waiting = new BoundedMap<string, { topic: TopicName; consumedAt: number }[]>(max);
  /** When each recent saga's first event occurred, by orderId. */
  const began = new BoundedMap<string, number>(max);

  const step = ({ event, brokerTimestamp, causeConsumedAt }: StoredStep) => {
    if (published.get(event.eventId) !== undefined) return;
    const occurred = new Date(event.occurredAt).getTime();
    const broker = brokerTimestamp.getTime();
    // A dead letter is not a hop of the saga.
    if (event.type !== DEAD_LETTER_TOPIC) {
      recorder.outboxWait(event.type, seconds(broker - occurred));
      if (causeConsumedAt) {
        const consumedAt = causeConsumedAt.getTime();
        recorder.handlerTime(event.type, seconds(occurred - consumedAt));
        if (event.causationId) {
          const causeAt = published.get(event.causationId);
          if (causeAt !== undefined) recorder.kafkaWait(event.type, seconds(consumedAt - causeAt));
          else
            waiting.set(event.causationId, [
              ...(waiting.get(event.causationId) ?? []),
              { topic: event.type, consumedAt },
            ]);
        }
      }
    }
    published.set(event.eventId, broker);
    for (const effect of waiting.get(event.eventId) ?? [])
      recorder.kafkaWait(effect.topic, seconds(effect.consumedAt - broker));
    waiting.delete(event.eventId);
    const first = began.get(event.orderId);
    if (first === undefined || occurred < first) began.set(event.orderId, occurred);

    const ending = sagaEnding(event);
    const start = began.get(event.orderId);
    if (ending)
      recorder.finished(
        ending.status,
        ending.reason,
        start !== undefined && start < occurred ? seconds(occurred - start) : null,
      );
  };
  return { observe: (steps) => steps.forEach(step) };
}
