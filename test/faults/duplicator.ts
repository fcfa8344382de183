// Delivers every saga event twice: a consumer group of its own copies each record of the
// scenario's topics back to the same topic once (marked, so the copy is not copied again).
import { Kafka, logLevel } from "kafkajs";
import { physicalTopic, TOPICS, type TopicName } from "../../contracts";
import { env, type Cluster } from "./cluster";

export async function startDuplicator(c: Cluster, topics: readonly TopicName[] = TOPICS.filter((t) => t !== "saga-dlq")): Promise<{ copied(): number; stop(): Promise<void> }> {
  const kafka = new Kafka({ clientId: `${c.id}-dup`, brokers: env("KAFKA_BROKERS").split(","), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `${c.prefix}duplicator`, maxWaitTimeInMs: 50 });
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
          messages: originals.map((m) => ({ key: m.key, value: m.value, partition: batch.partition, headers: { ...m.headers, "x-duplicate": "1" } })),
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
