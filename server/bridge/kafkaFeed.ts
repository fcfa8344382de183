// The bridge's Kafka side: a consumer group of this web process alone reads every saga topic and
// saga-dlq from the latest offsets (history comes from the saga observer's records), reads each
// record as a step as the journey does (contracts/record-step.ts) and hands it on. The group
// is deleted on stop, so stopped web processes leave none behind.
import type { Kafka, KafkaMessage } from "kafkajs";
import { readRecordStep } from "../../contracts/record-step";
import { recordId, type SagaEvent } from "../../contracts/socket";
import { physicalTopic, TOPICS } from "../../contracts/topics";
import { createConsumer } from "../../services/kit/kafka/client";
import type { Logger } from "../../services/kit/log";
import { toSagaError } from "../../services/kit/errors";
import { explainKafkaFailure } from "../../services/kit/kafka/failure";
import { backoffMs, sleep } from "../../services/kit/retry";

export type FeedHandlers = {
  event(event: SagaEvent): void;
  invalid(topic: string, issues: string[]): void;
  status(kafka: "up" | "down", detail?: string): void;
};

export type KafkaFeed = { stop(): Promise<void> };

/** Builds the SagaEvent for one record of a saga topic (its name on the cluster), or the reasons it is not a saga event. */
export function toSagaEvent(
  topic: string,
  partition: number,
  message: KafkaMessage,
  topicPrefix: string,
): SagaEvent | { issues: string[] } {
  const read = readRecordStep(
    {
      topic,
      partition,
      offset: message.offset,
      at: Number(message.timestamp),
      headers: message.headers ?? {},
      bytes: message.value,
    },
    topicPrefix,
  );
  if (!read.ok) return { issues: read.issues };
  const { step } = read;
  return {
    ...step,
    id: recordId(step.topic, partition, message.offset),
    orderId: step.envelope.orderId,
    key: message.key?.toString() ?? null,
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
  // One retry: a broker that refuses the credentials or the TLS handshake is said at once (the
  // bridge tries again every 2 s), not after the client's whole backoff.
  const admin = kafka.admin({ retry: { retries: 1 } });
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

type FeedOptions = {
  kafka: Kafka;
  groupId: string;
  topicPrefix: string;
  log: Logger;
  handlers: FeedHandlers;
};

/** Starts the feed; a Kafka error that may pass (a fresh broker's coordinator still loading) is tried again, four times. */
export async function startKafkaFeed(opts: FeedOptions): Promise<KafkaFeed> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      const e = toSagaError(err);
      // Refused credentials or an untrusted CA do not pass by waiting: said at once (the bridge retries).
      if (!e.retriable || explainKafkaFailure(err) || attempt >= 5) throw err;
      opts.log.warn("bridge consumer did not start; trying again", { attempt, err: e });
      await sleep(backoffMs(attempt, 250));
    }
  }
}

async function startOnce(opts: FeedOptions): Promise<KafkaFeed> {
  const consumer = createConsumer(opts.kafka, opts.groupId);
  consumer.on(consumer.events.GROUP_JOIN, () => opts.handlers.status("up"));
  consumer.on(consumer.events.CRASH, (e) => {
    opts.log.error("bridge consumer crashed", { error: String(e.payload.error) });
    opts.handlers.status("down", String(e.payload.error));
  });
  const topics = TOPICS.map((t) => physicalTopic(t, opts.topicPrefix));
  // A start that fails half-way (the coordinator still loading on a fresh broker) must not leave
  // this consumer restarting itself in the background: the bridge tries again with a new one.
  try {
    const ends = await topicEnds(opts.kafka, topics);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: false });
    // Whole batches at a time: the bridge only parses and queues, so per-message awaits are waste.
    await consumer.run({
      partitionsConsumedConcurrently: 4,
      // It starts at the topics' ends every time: committed offsets would only cost the broker.
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }) => {
        for (const message of batch.messages) {
          const ev = toSagaEvent(batch.topic, batch.partition, message, opts.topicPrefix);
          if ("issues" in ev) opts.handlers.invalid(batch.topic, ev.issues);
          else opts.handlers.event(ev);
        }
        await heartbeat();
      },
    });
    for (const end of ends) consumer.seek(end);
  } catch (err) {
    await consumer.disconnect().catch(() => undefined);
    throw err;
  }
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
