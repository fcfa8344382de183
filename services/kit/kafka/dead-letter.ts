// Publishes a message that cannot be processed to saga-dlq, with the original and the error.
// Sent directly (not through the outbox): the database may be what is failing.
import type { Producer } from "kafkajs";
import { randomUUID } from "node:crypto";
import {
  makeEnvelope,
  physicalTopic,
  SafeId,
  toStorableText,
  type ServiceName,
  type TopicName,
} from "../../../contracts";
import type { SagaError } from "../errors";

export type DeadLetterSource = { topic: TopicName; partition: number; offset: string; key: string | null };

export async function publishDeadLetter(opts: {
  producer: Producer;
  topicPrefix: string;
  service: ServiceName;
  source: DeadLetterSource;
  raw: string;
  error: SagaError;
  attempts: number;
  orderId: string | null;
  causationId: string | null;
}): Promise<void> {
  const { source } = opts;
  // The dead letter must be storable wherever it is read (a jsonb column refuses NULs and
  // lone surrogates), whatever bytes the poison held: a record holding those was never a valid
  // envelope, so nothing that could be re-published is lost by replacing them.
  const key = source.key === null ? null : toStorableText(source.key);
  const orderId = [opts.orderId, key].find((id) => SafeId.safeParse(id).success) ?? "unknown";
  const envelope = makeEnvelope({
    eventId: randomUUID(),
    type: "saga-dlq",
    orderId,
    causationId: opts.causationId,
    producer: opts.service,
    occurredAt: new Date(),
    payload: {
      service: opts.service,
      sourceTopic: source.topic,
      partition: source.partition,
      offset: source.offset,
      key,
      attempts: opts.attempts,
      error: { code: opts.error.code, message: toStorableText(opts.error.message.slice(0, 2000)) },
      original: toStorableText(opts.raw.slice(0, 100_000)),
    },
  });
  await opts.producer.send({
    topic: physicalTopic("saga-dlq", opts.topicPrefix),
    messages: [{ key: envelope.orderId, value: JSON.stringify(envelope) }],
  });
}
