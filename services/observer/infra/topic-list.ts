// What the cluster holds, for the topic list and discovery (attach.md, "Proposing a definition
// from the traffic"): every topic but the internal ones (`__*`) with its partitions, its records
// (high minus low watermark, summed) and the consumer groups with committed offsets on it. Read
// through the admin API (read-only), a few calls at a time, and kept a few seconds: a page that
// asks again, or a discovery right after the list, costs the cluster nothing more.
import type { Admin, Kafka } from "kafkajs";
import type { KafkaTopicInfo } from "../../../contracts/sagas/discovery";
import { SagaError } from "../../kit/errors";
import type { GroupReads } from "../domain/consumers";

export type ClusterTopics = {
  /** `fresh`: read now, not the few seconds old answer. */
  list(opts?: { fresh?: boolean }): Promise<KafkaTopicInfo[]>;
  close(): Promise<void>;
};

/** Admin calls in flight at once, and groups looked at (the rest are left out of `groups`). */
export const TOPIC_LIST_LIMITS = { concurrency: 8, groups: 1000, cacheMs: 3000 };

/** `work` over `items`, at most `n` at a time, in order. */
export async function inBatches<T, R>(items: readonly T[], n: number, work: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, lane));
  return out;
}

/** Every consumer group with committed offsets, and the topics they are on. */
export async function groupReads(admin: Admin): Promise<GroupReads[]> {
  const { groups } = await admin.listGroups();
  const ids = groups
    .filter((g) => g.protocolType === "consumer" || g.protocolType === "")
    .map((g) => g.groupId)
    .sort()
    .slice(0, TOPIC_LIST_LIMITS.groups);
  return inBatches(ids, TOPIC_LIST_LIMITS.concurrency, async (groupId) => {
    const offsets = await admin.fetchOffsets({ groupId }).catch(() => []);
    const topics = offsets.filter((t) => t.partitions.some((p) => Number(p.offset) >= 0)).map((t) => t.topic);
    return { groupId, topics };
  });
}

export function clusterTopics(kafka: Kafka): ClusterTopics {
  const admin = kafka.admin({ retry: { retries: 2 } });
  let connected: Promise<void> | null = null;
  let cached: { at: number; answer: Promise<KafkaTopicInfo[]> } | null = null;

  async function read(): Promise<KafkaTopicInfo[]> {
    connected ??= admin.connect();
    await connected;
    const names = (await admin.listTopics()).filter((t) => !t.startsWith("__")).sort();
    const { topics } = names.length > 0 ? await admin.fetchTopicMetadata({ topics: names }) : { topics: [] };
    const partitions = new Map(topics.map((t) => [t.name, t.partitions.length]));
    const records = await inBatches(names, TOPIC_LIST_LIMITS.concurrency, async (t) =>
      (await admin.fetchTopicOffsets(t)).reduce((sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)), 0),
    );
    const readers = new Map<string, string[]>();
    for (const g of await groupReads(admin))
      for (const t of g.topics) readers.set(t, [...(readers.get(t) ?? []), g.groupId]);
    return names.map((name, i) => ({
      name,
      partitions: partitions.get(name) ?? 0,
      records: records[i]!,
      groups: readers.get(name) ?? [],
    }));
  }

  return {
    list({ fresh = false } = {}) {
      if (!fresh && cached && Date.now() - cached.at < TOPIC_LIST_LIMITS.cacheMs) return cached.answer;
      const answer = read().catch((err: unknown) => {
        cached = null;
        connected = null;
        throw new SagaError("KAFKA_UNAVAILABLE", "the cluster's topics could not be read", { cause: err });
      });
      cached = { at: Date.now(), answer };
      return answer;
    },
    async close() {
      await admin.disconnect().catch(() => undefined);
    },
  };
}
