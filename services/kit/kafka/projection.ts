// A projection consumer group: reads topics in batches and hands the valid events of each batch
// to one handler (one database round trip per batch instead of per event). Invalid records are
// skipped: the group that owns a topic dead-letters them. Offsets are resolved after the handler.
import type { Consumer, Kafka } from "kafkajs";
import { logicalTopic, parseEnvelope, physicalTopic, type AnyEnvelope, type TopicName } from "../../../contracts";
import { toSagaError } from "../errors";
import type { Logger } from "../log";
import { headersToStrings, watchForFatalCrash, type MessageContext } from "./consumer";

export type Projection = { topics: readonly TopicName[]; apply(batch: { event: AnyEnvelope; ctx: MessageContext }[]): Promise<void> };

export async function runProjection(opts: {
  kafka: Kafka;
  groupId: string;
  topicPrefix: string;
  projection: Projection;
  partitionsConsumedConcurrently: number;
  log: Logger;
  onFatal?: (err: Error) => void;
}): Promise<{ consumer: Consumer; stop(): Promise<void> }> {
  const consumer = opts.kafka.consumer({ groupId: opts.groupId, sessionTimeout: 15_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 50 });
  let stopping = false;
  watchForFatalCrash(consumer, () => stopping, opts);
  await consumer.connect();
  await consumer.subscribe({ topics: opts.projection.topics.map((t) => physicalTopic(t, opts.topicPrefix)), fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently,
    // Commit resolved offsets at most once a second, not after every batch: far fewer requests;
    // a crash redelivers at most a second of events, which the inbox ignores.
    autoCommitInterval: 1000,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning }) => {
      const topic = logicalTopic(batch.topic, opts.topicPrefix);
      if (!topic || batch.messages.length === 0) return;
      const receivedAt = new Date();
      const items: { event: AnyEnvelope; ctx: MessageContext }[] = [];
      for (const m of batch.messages) {
        const parsed = parseEnvelope(m.value, topic);
        if (!parsed.ok) continue;
        const ctx: MessageContext = {
          topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key?.toString() ?? null,
          timestamp: new Date(Number(m.timestamp)),
          receivedAt,
          headers: headersToStrings(m.headers),
        };
        items.push({ event: parsed.envelope, ctx });
      }
      for (let attempt = 1; items.length > 0; attempt++) {
        try {
          await opts.projection.apply(items);
          break;
        } catch (err) {
          if (!isRunning()) throw err; // stopping: leave the batch uncommitted
          opts.log.warn("projection batch failed; retrying", { topic, attempt, err: toSagaError(err) });
          await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
          await heartbeat();
        }
      }
      resolveOffset(batch.lastOffset());
      await heartbeat();
    },
  });
  return {
    consumer,
    stop: () => {
      stopping = true;
      return consumer.disconnect();
    },
  };
}
