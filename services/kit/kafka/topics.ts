// Topics as code: creates the contract's topics (contracts/topics.ts: names, partitions,
// retention) with a replication factor that fits the cluster, and deletes a prefix's topics.
// The one place topics are made: the embedded broker, the tests, the bench, docker-compose and a
// user's own cluster (`npm run topics`) all call provisionTopics. No broker creates topics by itself.
import type { Admin, ITopicConfig, Kafka } from "kafkajs";
import { topicSpecs, type TopicSpec } from "../../../contracts";

export type ProvisionOptions = {
  prefix?: string;
  partitions?: number;
  /** Default: 3, or the number of brokers when there are fewer. */
  replicationFactor?: number;
  /** min.insync.replicas of each topic; default: 2 when replicated three times or more, else 1. */
  minInsyncReplicas?: number;
  /** Report what would be created, create nothing. */
  dryRun?: boolean;
};

export type ProvisionReport = {
  created: string[];
  existing: string[];
  /** Existing topics with fewer partitions than asked for (partitions are never removed or silently added). */
  mismatched: { name: string; partitions: number; wanted: number }[];
  replicationFactor: number;
};

async function withAdmin<T>(kafka: Kafka, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

const configEntries = (spec: TopicSpec, minInsync: number) => [
  { name: "retention.ms", value: String(spec.retentionMs) },
  { name: "min.insync.replicas", value: String(minInsync) },
];

/**
 * Creates topics and waits until every partition's leader serves it. Not kafkajs's waitForLeaders: on
 * KRaft a topic just created can be unknown to the broker's metadata for a moment, and kafkajs
 * retries only LEADER_NOT_AVAILABLE, so it fails with UNKNOWN_TOPIC_OR_PARTITION.
 */
export async function createAndWait(admin: Admin, topics: ITopicConfig[], timeoutMs = 30_000): Promise<void> {
  await admin.createTopics({ topics, waitForLeaders: false });
  const names = topics.map((t) => t.topic);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Led, and the leaders answer: metadata can name a leader before it serves its partitions.
    const led = await admin
      .fetchTopicMetadata({ topics: names })
      .then(
        (m) =>
          m.topics.length === names.length &&
          m.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)),
      )
      .then(
        async (ok) => ok && (await Promise.all(names.map((n) => admin.fetchTopicOffsets(n)))).length === names.length,
      )
      .catch(() => false);
    if (led) return;
    if (Date.now() > deadline) throw new Error(`topics without leaders after ${timeoutMs} ms: ${names.join(", ")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Creates what is missing and reports what was there; idempotent, safe to run on every start. */
export async function provisionTopics(kafka: Kafka, opts: ProvisionOptions = {}): Promise<ProvisionReport> {
  return withAdmin(kafka, async (admin) => {
    const { brokers } = await admin.describeCluster();
    const replicationFactor = opts.replicationFactor ?? Math.min(3, brokers.length);
    if (replicationFactor > brokers.length)
      throw new Error(
        `replication factor ${replicationFactor} needs ${replicationFactor} brokers; the cluster has ${brokers.length}`,
      );
    const minInsync = opts.minInsyncReplicas ?? (replicationFactor >= 3 ? 2 : 1);
    const specs = topicSpecs(opts.prefix ?? "", opts.partitions);
    const present = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !present.has(s.name));
    if (missing.length > 0 && !opts.dryRun) {
      await createAndWait(
        admin,
        missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor,
          configEntries: configEntries(s, minInsync),
        })),
      );
    }
    const existing = specs.filter((s) => present.has(s.name));
    const mismatched: ProvisionReport["mismatched"] = [];
    if (existing.length > 0) {
      const { topics } = await admin.fetchTopicMetadata({ topics: existing.map((s) => s.name) });
      for (const t of topics) {
        const wanted = specs.find((s) => s.name === t.name)!.partitions;
        if (t.partitions.length < wanted) mismatched.push({ name: t.name, partitions: t.partitions.length, wanted });
      }
    }
    return {
      created: missing.map((s) => s.name),
      existing: existing.map((s) => s.name),
      mismatched,
      replicationFactor,
    };
  });
}

/** Deletes every topic whose name starts with `prefix` (a test's or a bench run's own topics). */
export async function deletePrefixedTopics(kafka: Kafka, prefix: string): Promise<string[]> {
  if (!prefix) throw new Error("refusing to delete topics without a prefix");
  return withAdmin(kafka, async (admin) => {
    const names = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (names.length > 0) await admin.deleteTopics({ topics: names, timeout: 30_000 });
    return names;
  });
}

/** Deletes the consumer groups whose ids start with `prefix`; groups still with members are left. */
export async function deletePrefixedGroups(kafka: Kafka, prefix: string): Promise<string[]> {
  if (!prefix) throw new Error("refusing to delete groups without a prefix");
  return withAdmin(kafka, async (admin) => {
    const ids = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
    if (ids.length === 0) return [];
    const results = await admin.deleteGroups(ids).catch(() => []);
    return results.filter((r) => !r.error || r.errorCode === 0).map((r) => r.groupId);
  });
}
