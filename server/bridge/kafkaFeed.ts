// The bridge's Kafka side: a consumer group of this web process alone reads every saga topic and
// saga-dlq from the latest offsets (history comes from the saga observer's records), turns each
// record into a SagaEvent (validated with the contracts' parseEnvelope) and hands it on. The group
// is deleted on stop, so stopped web processes leave none behind.
import type { Kafka, KafkaMessage } from "kafkajs";
import { CONSUMED_AT_HEADER, parseEnvelope } from "../../contracts/envelope";
import { recordId, type SagaEvent } from "../../contracts/socket";
import { logicalTopic, physicalTopic, TOPICS, type TopicName } from "../../contracts/topics";
import { createConsumer } from "../../services/kit/kafka/client";
import type { Logger } from "../../services/kit/log";

export type FeedHandlers = {
  event(event: SagaEvent): void;
  invalid(topic: string, issues: string[]): void;
  status(kafka: "up" | "down", detail?: string): void;
};

export type KafkaFeed = { stop(): Promise<void> };

function header(message: KafkaMessage, name: string): string | null {
  const v = message.headers?.[name];
  if (v === undefined || v === null) return null;
  return (Array.isArray(v) ? v[0] : v)?.toString() ?? null;
}

/** Builds the SagaEvent for one record, or the reasons it is not a saga event. */
export function toSagaEvent(
  topic: TopicName,
  partition: number,
  message: KafkaMessage,
): SagaEvent | { issues: string[] } {
  const parsed = parseEnvelope(message.value, topic);
  if (!parsed.ok) return { issues: parsed.issues };
  const env = parsed.envelope;
  return {
    id: recordId(topic, partition, message.offset),
    orderId: env.orderId,
    key: message.key?.toString() ?? null,
    eventId: env.eventId,
    topic,
    partition,
    offset: message.offset,
    producer: env.producer,
    causationId: env.causationId,
    occurredAt: env.occurredAt,
    brokerTimestamp: new Date(Number(message.timestamp)).toISOString(),
    causeConsumedAt: header(message, CONSUMED_AT_HEADER),
    envelope: env,
  };
}

/**
 * The topics' ends now, to seek to once the group has joined: the feed then holds every record
 * produced after this call. ("latest" alone is resolved at the first fetch of each partition,
 * after the join, so a record produced in between would be missed; a record read twice because
 * the first fetch came before the seek is dropped by the hub, which knows each record's id.)
 */
async function topicEnds(
  kafka: Kafka,
  topics: string[],
): Promise<{ topic: string; partition: number; offset: string }[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await Promise.all(
      topics.map(async (topic) =>
        (await admin.fetchTopicOffsets(topic)).map((p) => ({ topic, partition: p.partition, offset: p.high })),
      ),
    );
    return ends.flat();
  } finally {
    await admin.disconnect();
  }
}

export async function startKafkaFeed(opts: {
  kafka: Kafka;
  groupId: string;
  topicPrefix: string;
  log: Logger;
  handlers: FeedHandlers;
}): Promise<KafkaFeed> {
  const consumer = createConsumer(opts.kafka, opts.groupId);
  consumer.on(consumer.events.GROUP_JOIN, () => opts.handlers.status("up"));
  consumer.on(consumer.events.CRASH, (e) => {
    opts.log.error("bridge consumer crashed", { error: String(e.payload.error) });
    opts.handlers.status("down", String(e.payload.error));
  });
  const topics = TOPICS.map((t) => physicalTopic(t, opts.topicPrefix));
  const ends = await topicEnds(opts.kafka, topics);
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: false });
  // Whole batches at a time: the bridge only parses and queues, so per-message awaits are waste.
  await consumer.run({
    partitionsConsumedConcurrently: 4,
    // It starts at the topics' ends every time: committed offsets would only cost the broker.
    autoCommit: false,
    eachBatch: async ({ batch, heartbeat }) => {
      const logical = logicalTopic(batch.topic, opts.topicPrefix);
      if (!logical) return;
      for (const message of batch.messages) {
        const ev = toSagaEvent(logical, batch.partition, message);
        if ("issues" in ev) opts.handlers.invalid(batch.topic, ev.issues);
        else opts.handlers.event(ev);
      }
      await heartbeat();
    },
  });
  for (const end of ends) consumer.seek(end);
  return {
    async stop() {
      await consumer.disconnect();
      const admin = opts.kafka.admin();
      await admin
        .connect()
        .then(() => admin.deleteGroups([opts.groupId]))
        .catch((err: Error) => opts.log.warn("could not delete the bridge's consumer group", { err }))
        .finally(() => admin.disconnect());
    },
  };
}
