// A service's consumer group: the pipeline (pipeline.ts) with the envelope sink. Every record is
// validated against the contracts and handed to the typed handler of its topic inside the
// service's transaction; one that is poison, or still fails once its retries are spent, is
// dead-lettered to saga-dlq with the original and the error.
import type { Kafka, Producer } from "kafkajs";
import {
  logicalTopic,
  mustComplete,
  parseEnvelope,
  physicalTopic,
  type Envelope,
  type ServiceName,
  type TopicName,
} from "../../../contracts";
import { SagaError } from "../errors";
import type { Faults } from "../faults/faults";
import type { Logger } from "../log";
import type { ConsumerRecorder } from "../metrics/consumer-metrics";
import { withHandlerSpans } from "../telemetry/kafka-spans";
import type { Tracing } from "../telemetry/tracing";
import { publishDeadLetter } from "./dead-letter";
import { dispatch, type Delivery, type TopicHandlers } from "./dispatch";
import { runPipeline, type RunningPipeline } from "./pipeline";
import type { KafkaRecord, Sink } from "./sink";

export type { TopicHandlers } from "./dispatch";

export type ConsumerOptions = {
  kafka: Kafka;
  service: ServiceName;
  groupId: string;
  topicPrefix: string;
  handlers: TopicHandlers;
  dlqProducer: Producer;
  maxAttempts: number;
  retryBaseMs: number;
  partitionsConsumedConcurrently: number;
  log: Logger;
  /** Runs fn as one transaction (see kit/db/sql.ts); without it every message commits alone. */
  batch?: <T>(fn: () => Promise<T>) => Promise<T>;
  batchSize?: number;
  /** See PipelineOptions.lingerMs. */
  lingerMs?: number;
  fromBeginning?: boolean;
  /** Called when kafkajs gives up on the consumer (it will not restart it by itself). */
  onFatal?: (err: Error) => void;
  /** Operator-injected faults: latency and failures before each handler call, pausing. */
  faults?: Faults;
  /** Counts retries and dead letters (/metrics). */
  metrics?: ConsumerRecorder;
  /** OpenTelemetry tracing (null when off): a span per handled event. */
  tracing?: Tracing | null;
};

export type RunningConsumer = RunningPipeline & { deadLettered(): number };

/** The sink of a service's handlers: envelopes in, handler calls in one transaction, dead letters out. */
export function envelopeSink(opts: ConsumerOptions): Sink<Delivery> & { deadLettered(): number } {
  let deadLettered = 0;
  const before = opts.faults ? () => opts.faults!.beforeHandle() : undefined;
  const spanMeta = { groupId: opts.groupId, physicalTopic: (t: TopicName) => physicalTopic(t, opts.topicPrefix) };
  const run = (ds: Delivery[]) =>
    opts.batch ? opts.batch(() => dispatch(opts.handlers, ds, before)) : dispatch(opts.handlers, ds, before);
  const topicOf = (record: KafkaRecord) => logicalTopic(record.topic, opts.topicPrefix);

  return {
    together: opts.batch !== undefined,
    deadLettered: () => deadLettered,
    read: (records) =>
      records.map((record) => {
        const topic = topicOf(record);
        if (!topic) return null;
        const parsed = parseEnvelope(record.value, topic);
        if (!parsed.ok) return { ok: false, error: new SagaError("INVALID_EVENT", parsed.issues.join("; ")) };
        const ctx = {
          topic,
          partition: record.partition,
          offset: record.offset,
          key: record.key?.toString() ?? null,
          timestamp: new Date(record.timestamp),
          receivedAt: record.receivedAt,
          headers: record.headers,
        };
        return { ok: true, item: { event: parsed.envelope as Envelope, ctx } };
      }),
    // With tracing on, a span per delivery around the handler call and its transaction.
    write: (ds) => (opts.tracing ? withHandlerSpans(opts.tracing, spanMeta, ds, run) : run(ds)),
    // A compensation is never given up on after retries (see ../retry.ts).
    mustComplete: (d) => mustComplete(d.event),
    order: (a, b) => (a.ctx.topic < b.ctx.topic ? -1 : a.ctx.topic > b.ctx.topic ? 1 : 0),
    async giveUp(record, delivery, error, attempts) {
      const topic = topicOf(record)!;
      await publishDeadLetter({
        producer: opts.dlqProducer,
        topicPrefix: opts.topicPrefix,
        service: opts.service,
        source: { topic, partition: record.partition, offset: record.offset, key: record.key?.toString() ?? null },
        raw: record.value?.toString() ?? "",
        error,
        attempts,
        orderId: delivery?.event.orderId ?? null,
        causationId: delivery?.event.eventId ?? null,
      });
      deadLettered++;
      opts.metrics?.deadLettered(topic, error.code);
      opts.log.warn("message dead-lettered", {
        topic,
        offset: record.offset,
        code: error.code,
        error: error.message,
      });
    },
  };
}

export async function runConsumer(opts: ConsumerOptions): Promise<RunningConsumer> {
  const sink = envelopeSink(opts);
  const running = await runPipeline({
    kafka: opts.kafka,
    groupId: opts.groupId,
    topics: (Object.keys(opts.handlers) as TopicName[]).map((t) => physicalTopic(t, opts.topicPrefix)),
    fromBeginning: opts.fromBeginning ?? true,
    sink,
    partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently,
    retry: { maxAttempts: opts.maxAttempts, baseMs: opts.retryBaseMs },
    chunkSize: opts.batchSize,
    lingerMs: opts.lingerMs,
    log: opts.log,
    onFatal: opts.onFatal,
    pause: opts.faults,
    onRetry: (topic, code) =>
      opts.metrics?.retried(logicalTopic(topic, opts.topicPrefix) ?? (topic as TopicName), code),
  });
  return { ...running, deadLettered: sink.deadLettered };
}
