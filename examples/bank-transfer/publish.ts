// Publishes the example's transfers as the other team would: plain JSON on its own topics,
// which it creates itself (SagaScope never does), and a `bank-credit` group that reads the
// transfers topic (so the map can infer who consumes a step without `to`).
import type { Kafka, Producer } from "kafkajs";
import { connectProducer, createConsumer } from "../../services/kit/kafka/client";
import { createAndWait } from "../../services/kit/kafka/topics";
import { transferRecords, type Topics } from "./transfers";

export async function createExampleTopics(kafka: Kafka, topics: string[], partitions = 4): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = topics.filter((t) => !existing.has(t));
    if (wanted.length > 0)
      await createAndWait(
        admin,
        wanted.map((topic) => ({ topic, numPartitions: partitions })),
      );
  } finally {
    await admin.disconnect();
  }
}

/** A consumer group of the example's "credit bank", reading the transfers topic and doing nothing. */
export async function startCreditReader(
  kafka: Kafka,
  topic: string,
  groupId: string,
): Promise<{ stop(): Promise<void> }> {
  const c = createConsumer(kafka, groupId);
  await c.connect();
  await c.subscribe({ topics: [topic], fromBeginning: false });
  await c.run({ eachBatch: async () => undefined });
  return { stop: () => c.disconnect() };
}

export type PublishOptions = {
  producer: Producer;
  topics: Topics;
  run: string;
  /** Transfers numbered from `first`, `count` of them. */
  first?: number;
  count: number;
  /** Transfers per second; 0: as fast as the broker takes them. */
  rate: number;
  /** Transfers sent together, one step of each at a time (a transfer's own records stay in order). */
  wave?: number;
  stopped?: () => boolean;
};

/** Returns how many records were published. */
export async function publishTransfers(o: PublishOptions): Promise<number> {
  const wave = o.wave ?? 50;
  const first = o.first ?? 0;
  const started = Date.now();
  let sent = 0;
  for (let at = first; at < first + o.count && !o.stopped?.(); at += wave) {
    const plans = [];
    for (let i = at; i < Math.min(at + wave, first + o.count); i++) plans.push(transferRecords(o.run, i, o.topics));
    const steps = Math.max(...plans.map((p) => p.length));
    for (let n = 0; n < steps; n++) {
      const records = plans.flatMap((p) => (p[n] ? [p[n]] : []));
      const byTopic = new Map<string, typeof records>();
      for (const r of records) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
      await o.producer.sendBatch({
        topicMessages: [...byTopic].map(([topic, rs]) => ({
          topic,
          messages: rs.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
        })),
      });
      sent += records.length;
    }
    if (o.rate > 0) {
      const due = started + ((at + wave - first) / o.rate) * 1000;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    }
  }
  return sent;
}

export { connectProducer };
