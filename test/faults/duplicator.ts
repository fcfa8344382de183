// Delivers every saga event twice: a consumer group of its own copies each record of the
// scenario's topics back to the same topic once (marked, so the copy is not copied again).
import { physicalTopic, TOPICS, type TopicName } from "../../contracts";
import { createConsumer, createKafka } from "../../services/kit/kafka/client";
import type { Cluster } from "./cluster";

export async function startDuplicator(
  c: Cluster,
  topics: readonly TopicName[] = TOPICS.filter((t) => t !== "saga-dlq"),
): Promise<{ copied(): number; stop(): Promise<void> }> {
  const kafka = createKafka({ brokers: c.brokers.split(",") }, `${c.id}-dup`, { quiet: true });
  const producer = kafka.producer();
  const consumer = createConsumer(kafka, `${c.prefix}duplicator`);
  let copied = 0;
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: topics.map((t) => physicalTopic(t, c.prefix)), fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset }) => {
      const originals = batch.messages.filter((m) => !m.headers?.["x-duplicate"]);
      if (originals.length > 0) {
        await producer.send({
          topic: batch.topic,
          messages: originals.map((m) => ({
            key: m.key,
            value: m.value,
            partition: batch.partition,
            headers: { ...m.headers, "x-duplicate": "1" },
          })),
        });
        copied += originals.length;
      }
      resolveOffset(batch.lastOffset());
    },
  });
  return {
    copied: () => copied,
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
