// What the consumer groups do and how far behind they are: handler retries and dead letters
// (counted where the consumer runner decides them), and the lag of each group's partitions,
// read from the broker when Prometheus scrapes (no timer).
import type { Admin, Kafka } from "kafkajs";
import { Counter, Gauge } from "prom-client";
import { logicalTopic, physicalTopic, type TopicName } from "../../../contracts";
import { readGroupLag, type PartitionLag, type Watermarks } from "../kafka/lag";
import type { Logger } from "../log";
import type { MetricsRegistry } from "./registry";

/** What the consumer runner of one group reports (kafka/consumer.ts). */
export type ConsumerRecorder = {
  /** A handler failed and the message is tried again. */
  retried(topic: TopicName, code: string): void;
  deadLettered(topic: TopicName, code: string): void;
};

export type ConsumerMetrics = { forGroup(groupId: string): ConsumerRecorder };

export function consumerMetrics(registry: MetricsRegistry): ConsumerMetrics {
  const labelNames = ["group", "topic", "code"] as const;
  const retries = new Counter({
    name: "sagascope_consumer_retries_total",
    help: "Handler calls that failed and were tried again, by consumer group, topic and error code.",
    labelNames,
    registers: [registry],
  });
  const deadLetters = new Counter({
    name: "sagascope_dead_letters_total",
    help: "Messages published to saga-dlq, by consumer group, source topic and error code.",
    labelNames,
    registers: [registry],
  });
  return {
    forGroup: (group) => ({
      retried: (topic, code) => retries.inc({ group, topic, code }),
      deadLettered: (topic, code) => deadLetters.inc({ group, topic, code }),
    }),
  };
}

export type GroupLag = PartitionLag & { group: string };

/** Consumer lag per group and partition, read by `read` on each scrape; no series when it fails. */
export function registerLagGauge(registry: MetricsRegistry, read: () => Promise<GroupLag[]>, log: Logger): void {
  let warned = false;
  new Gauge({
    name: "sagascope_consumer_lag_messages",
    help: "Messages in the partition after the consumer group's committed offset.",
    labelNames: ["group", "topic", "partition"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        for (const l of await read())
          this.set({ group: l.group, topic: l.topic, partition: String(l.partition) }, l.lag);
      } catch (err) {
        if (!warned) log.warn("consumer lag unavailable for /metrics", { error: (err as Error).message });
        warned = true;
      }
    },
  });
}

export type LagGroup = { groupId: string; topics: readonly TopicName[] };
/** A group and the topics it reads, by their names on the cluster. */
export type ClusterLagGroup = { groupId: string; topics: readonly string[] };

/**
 * Reads the lag of the contract's topics for `groups()` under `topicPrefix`; topics are
 * labelled with their logical names.
 */
export function kafkaLagReader(opts: {
  kafka: Kafka;
  topicPrefix: string;
  groups: () => LagGroup[];
  timeoutMs?: number;
}): LagReader {
  return clusterLagReader({
    kafka: opts.kafka,
    timeoutMs: opts.timeoutMs,
    groups: () =>
      opts
        .groups()
        .map((g) => ({ groupId: g.groupId, topics: g.topics.map((t) => physicalTopic(t, opts.topicPrefix)) })),
    label: (topic) => logicalTopic(topic, opts.topicPrefix) ?? topic,
  });
}

export type LagReader = { read(): Promise<GroupLag[]>; close(): Promise<void> };

/**
 * Reads the lag of `groups()` (any topics, by their cluster names) with its own admin client,
 * connected on first use; a scrape waits at most `timeoutMs` for the broker.
 */
export function clusterLagReader(opts: {
  kafka: Kafka;
  groups: () => ClusterLagGroup[];
  label?: (topic: string) => string;
  timeoutMs?: number;
}): LagReader {
  let admin: Admin | null = null;
  let connected: Promise<void> | null = null;
  const readAll = async () => {
    admin ??= opts.kafka.admin({ retry: { retries: 0 } });
    connected ??= admin.connect().catch((err) => {
      connected = null;
      throw err;
    });
    await connected;
    const ends = new Map<string, Watermarks>();
    const out: GroupLag[] = [];
    for (const g of opts.groups()) {
      if (g.topics.length === 0) continue;
      const lags = await readGroupLag(admin, g.groupId, [...g.topics], ends);
      for (const l of lags) out.push({ ...l, group: g.groupId, topic: opts.label?.(l.topic) ?? l.topic });
    }
    return out;
  };
  return {
    read: () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("the broker did not answer in time")), opts.timeoutMs ?? 2000);
      });
      return Promise.race([readAll(), timeout]).finally(() => clearTimeout(timer));
    },
    close: async () => {
      if (connected) await admin?.disconnect().catch(() => undefined);
    },
  };
}
