// A projection consumer group: the pipeline (pipeline.ts) with a read-model sink. The valid
// events of the partitions of a fetch go to the projection's one set-based call (one database
// round trip instead of one per event). Invalid records are skipped: the group that owns a topic
// dead-letters them. A record that can never be stored (or a bug that outlasts the attempts) is
// parked (parking.ts), so one record cannot wedge the read model.
import type { Kafka } from "kafkajs";
import { logicalTopic, parseEnvelope, physicalTopic, type AnyEnvelope, type TopicName } from "../../../contracts";
import type { Logger } from "../log";
import type { MessageContext } from "./message";
import type { Parking } from "./parking";
import { runPipeline, type RunningPipeline } from "./pipeline";
import type { Sink } from "./sink";

export type Projection = {
  topics: readonly TopicName[];
  apply(batch: { event: AnyEnvelope; ctx: MessageContext }[]): Promise<void>;
};

type Item = { event: AnyEnvelope; ctx: MessageContext };

export type ProjectionOptions = {
  kafka: Kafka;
  groupId: string;
  topicPrefix: string;
  projection: Projection;
  park: Parking;
  maxAttempts: number;
  retryBaseMs: number;
  partitionsConsumedConcurrently: number;
  /** See PipelineOptions.lingerMs. */
  lingerMs?: number;
  log: Logger;
  onFatal?: (err: Error) => void;
};

export function projectionSink(opts: ProjectionOptions): Sink<Item> & { parked(): number } {
  let parked = 0;
  return {
    parked: () => parked,
    read: (records) =>
      records.map((r) => {
        const topic = logicalTopic(r.topic, opts.topicPrefix);
        const parsed = topic ? parseEnvelope(r.value, topic) : null;
        if (!topic || !parsed?.ok) return null;
        const ctx: MessageContext = {
          topic,
          partition: r.partition,
          offset: r.offset,
          key: r.key?.toString() ?? null,
          timestamp: new Date(r.timestamp),
          receivedAt: r.receivedAt,
          headers: r.headers,
        };
        return { ok: true, item: { event: parsed.envelope, ctx } };
      }),
    write: (items) => opts.projection.apply(items),
    async giveUp(record, _item, error, attempts) {
      await opts.park({
        groupId: opts.groupId,
        topic: logicalTopic(record.topic, opts.topicPrefix) ?? record.topic,
        partition: record.partition,
        offset: record.offset,
        key: record.key,
        value: record.value,
        error,
        attempts,
      });
      parked++;
      opts.log.error("projection parked a record it cannot store", {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        err: error,
      });
    },
  };
}

export async function runProjection(opts: ProjectionOptions): Promise<RunningPipeline & { parked(): number }> {
  const sink = projectionSink(opts);
  const running = await runPipeline({
    kafka: opts.kafka,
    groupId: opts.groupId,
    topics: opts.projection.topics.map((t) => physicalTopic(t, opts.topicPrefix)),
    sink,
    partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently,
    retry: { maxAttempts: opts.maxAttempts, baseMs: opts.retryBaseMs },
    lingerMs: opts.lingerMs,
    log: opts.log,
    onFatal: opts.onFatal,
  });
  return { ...running, parked: sink.parked };
}
