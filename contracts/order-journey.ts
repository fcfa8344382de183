// The built-in saga's journey (GET /api/orders/:id's `steps`) from the saga observer's records
// of the order (services/observer, saga `orders`; the key is the orderId) and the order
// service's own dead letters: each record whose value is a valid envelope of its topic, once per
// eventId (a redelivered or duplicated event is one step), in the order the events occurred.
import type { SagaStep } from "./api";
import { CONSUMED_AT_HEADER, checkEnvelope, type AnyEnvelope } from "./envelope";
import type { InstanceRecord } from "./sagas/api";
import { logicalTopic, type TopicName } from "./topics";

/** What the built-in saga's readers need of an observed record (the observer's and the API's shapes both have it). */
export type BuiltInRecord = {
  topic: string;
  truncated: boolean;
  value: unknown;
  headers: Readonly<Record<string, string>>;
};

/**
 * A record of the built-in saga as its event: null unless its value is a valid envelope of the
 * record's own topic. `causeConsumedAt`: when the handler that published it consumed its cause
 * (the x-consumed-at header), null when absent or not a time.
 */
export function recordEvent(
  record: BuiltInRecord,
  topicPrefix: string,
): { topic: TopicName; envelope: AnyEnvelope; causeConsumedAt: Date | null } | null {
  const topic = logicalTopic(record.topic, topicPrefix);
  if (!topic || record.truncated) return null;
  const parsed = checkEnvelope(record.value, topic);
  if (!parsed.ok) return null;
  const consumed = record.headers[CONSUMED_AT_HEADER];
  const ms = consumed === undefined ? Number.NaN : Date.parse(consumed);
  return { topic, envelope: parsed.envelope, causeConsumedAt: Number.isNaN(ms) ? null : new Date(ms) };
}

/** One observed record as a journey step, or null when it is not an envelope of this order on its topic. */
export function recordStep(orderId: string, record: InstanceRecord, topicPrefix: string): SagaStep | null {
  const event = recordEvent(record, topicPrefix);
  if (!event || event.envelope.orderId !== orderId) return null;
  const e = event.envelope;
  return {
    eventId: e.eventId,
    topic: event.topic,
    partition: record.partition,
    offset: record.offset,
    producer: e.producer,
    causationId: e.causationId,
    occurredAt: e.occurredAt,
    brokerTimestamp: new Date(record.at).toISOString(),
    causeConsumedAt: event.causeConsumedAt?.toISOString() ?? null,
    envelope: e,
  };
}

const byOccurrence = (a: SagaStep, b: SagaStep) =>
  a.occurredAt.localeCompare(b.occurredAt) ||
  a.brokerTimestamp.localeCompare(b.brokerTimestamp) ||
  a.eventId.localeCompare(b.eventId);

/** The order's steps: the observer's records and the dead letters, the first copy of each eventId (by Kafka timestamp). */
export function journeySteps(
  orderId: string,
  records: readonly InstanceRecord[],
  topicPrefix: string,
  deadLetters: readonly SagaStep[] = [],
): SagaStep[] {
  const first = new Map<string, SagaStep>();
  for (const step of [...records.map((r) => recordStep(orderId, r, topicPrefix)), ...deadLetters]) {
    if (!step) continue;
    const seen = first.get(step.eventId);
    if (!seen || step.brokerTimestamp < seen.brokerTimestamp) first.set(step.eventId, step);
  }
  return [...first.values()].sort(byOccurrence);
}
