// Whether this client may read a topic. A topic may be described but not read (its ACLs allow
// Describe, deny Read): the saga's consumer group then fails on its first fetch with an error that
// names no topic (kafkajs's Fetch answer keeps only the code). So each topic is tried alone, by a
// consumer of a throw-away group under the saga's own group id (the group ACL's prefix covers it),
// which commits nothing and is deleted afterwards.
import type { Kafka } from "kafkajs";
import { createConsumer } from "../../kit/kafka/client";
import type { KafkaConnection } from "../../kit/kafka/connection";
import { explainKafkaFailure } from "../../kit/kafka/failure";
import type { Logger } from "../../kit/log";

/** Null: the topic can be read; else why not (one line, with the setting to look at). */
export type ReadProbe = (groupId: string, topic: string) => Promise<string | null>;

export function readProbe(
  kafka: Kafka,
  log: Logger,
  opts: { connection?: KafkaConnection; timeoutMs?: number } = {},
): ReadProbe {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  let n = 0;
  return async (groupId, topic) => {
    const probeGroup = `${groupId}.read-probe-${process.pid}-${++n}`;
    const consumer = createConsumer(kafka, probeGroup, { retry: { retries: 0 } });
    let timer: NodeJS.Timeout | undefined;
    const answer = new Promise<string | null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs); // no verdict: not refused as far as is known
      consumer.on(consumer.events.FETCH, () => resolve(null));
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        const failure = explainKafkaFailure(payload.error, opts.connection, topic);
        resolve(failure?.kind === "authorization" ? failure.message : null);
      });
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: false });
      await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
      return await answer;
    } catch (err) {
      const failure = explainKafkaFailure(err, opts.connection, topic);
      return failure?.kind === "authorization" ? failure.message : null;
    } finally {
      clearTimeout(timer);
      await consumer.disconnect().catch(() => undefined);
      const admin = kafka.admin();
      await admin
        .connect()
        .then(() => admin.deleteGroups([probeGroup]))
        .catch((err: unknown) => log.debug("read probe's group not deleted", { group: probeGroup, err: String(err) }))
        .finally(() => admin.disconnect().catch(() => undefined));
    }
  };
}
