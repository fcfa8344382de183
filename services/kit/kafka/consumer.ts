// Runs one consumer group: validates every message against the contracts and calls the typed
// handler for its topic. A fetched batch is handled in chunks, each chunk in one database
// transaction, and the chunks of several partitions fetched together share one (group-commit.ts);
// a message that fails is split off and handled alone, retried in place or dead-lettered as the
// error table says. An offset is resolved only after its commit.
import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from "kafkajs";
import pLimit from "p-limit";
import {
  logicalTopic,
  mustComplete,
  parseEnvelope,
  physicalTopic,
  type Envelope,
  type EnvelopeParse,
  type ServiceName,
  type TopicName,
} from "../../../contracts";
import { SagaError, toSagaError } from "../errors";
import type { Faults } from "../faults/faults";
import type { Logger } from "../log";
import type { ConsumerRecorder } from "../metrics/consumer-metrics";
import { withHandlerSpans } from "../telemetry/kafka-spans";
import type { Tracing } from "../telemetry/tracing";
import { createConsumer } from "./client";
import { publishDeadLetter } from "./dead-letter";
import { dispatch, DispatchFailure, type Delivery, type TopicHandlers } from "./dispatch";
import type { MessageContext } from "./message";
import { createGroupCommit } from "./group-commit";
import { settlesWithin } from "../abandonable";
import { leaveGroup, periodicOffsetCommits } from "./offset-commits";

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

export type RunningConsumer = { consumer: Consumer; stop(): Promise<void>; deadLettered(): number };

type Item = { message: KafkaMessage; ctx: MessageContext; parsed: EnvelopeParse };

export function headersToStrings(h: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {}))
    if (v !== undefined) out[k] = Array.isArray(v) ? String(v[0]) : String(v);
  return out;
}

/** A consumer that crashed for good must not leave a process that looks alive but reads nothing. */
export function watchForFatalCrash(
  consumer: Consumer,
  stopping: () => boolean,
  opts: { log: Logger; onFatal?: (err: Error) => void },
): void {
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart || stopping()) return;
    opts.log.error("consumer crashed and will not restart", { err: payload.error });
    opts.onFatal?.(payload.error);
  });
}

export async function runConsumer(opts: ConsumerOptions): Promise<RunningConsumer> {
  const consumer = createConsumer(opts.kafka, opts.groupId);
  const topics = (Object.keys(opts.handlers) as TopicName[]).map((t) => physicalTopic(t, opts.topicPrefix));
  const batchSize = opts.batchSize ?? 100;
  let deadLettered = 0;
  let stopping = false;

  const before = opts.faults ? () => opts.faults!.beforeHandle() : undefined;
  const deliveries = (items: Item[]): Delivery[] =>
    items.map((i) => ({ event: (i.parsed as { envelope: Envelope }).envelope, ctx: i.ctx }));
  const spanMeta = { groupId: opts.groupId, physicalTopic: (t: TopicName) => physicalTopic(t, opts.topicPrefix) };
  // With tracing on, a span per delivery around the handler call and its transaction.
  const traced = (items: Item[], fn: (ds: Delivery[]) => Promise<void>) =>
    opts.tracing ? withHandlerSpans(opts.tracing, spanMeta, deliveries(items), fn) : fn(deliveries(items));

  async function deadLetter(item: Item, error: SagaError, attempts: number): Promise<void> {
    const env = item.parsed.ok ? item.parsed.envelope : null;
    await publishDeadLetter({
      producer: opts.dlqProducer,
      topicPrefix: opts.topicPrefix,
      service: opts.service,
      source: item.ctx,
      raw: item.message.value?.toString() ?? "",
      error,
      attempts,
      orderId: env?.orderId ?? null,
      causationId: env?.eventId ?? null,
    });
    deadLettered++;
    opts.metrics?.deadLettered(item.ctx.topic, error.code);
    opts.log.warn("message dead-lettered", {
      topic: item.ctx.topic,
      offset: item.ctx.offset,
      code: error.code,
      error: error.message,
    });
  }

  async function handleAlone(item: Item, heartbeat: () => Promise<void>): Promise<void> {
    if (!item.parsed.ok) return deadLetter(item, new SagaError("INVALID_EVENT", item.parsed.issues.join("; ")), 0);
    for (let attempt = 1; ; attempt++) {
      try {
        await traced([item], (ds) => dispatch(opts.handlers, ds, before));
        return;
      } catch (err) {
        const error = toSagaError(err instanceof DispatchFailure ? err.error : err);
        if (stopping && error.retriable) throw error; // leave it uncommitted: redelivered after restart
        // A compensation is never given up on after retries: abandoning it would leave stock or
        // points held for a cancelled order. Only poison (dead-letter "at-once") leaves its topic.
        const spent = attempt >= opts.maxAttempts && !(item.parsed.ok && mustComplete(item.parsed.envelope));
        if (error.deadLetter === "at-once" || (spent && error.deadLetter === "after-retries"))
          return deadLetter(item, error, attempt);
        opts.metrics?.retried(item.ctx.topic, error.code);
        opts.log.warn("handler failed; retrying", {
          topic: item.ctx.topic,
          offset: item.ctx.offset,
          attempt,
          code: error.code,
          error: error.message,
        });
        await new Promise((r) => setTimeout(r, Math.min(5_000, opts.retryBaseMs * 2 ** (attempt - 1))));
        await heartbeat();
      }
    }
  }

  /** Runs `items` (all valid) in one transaction; throws what failed. */
  const runTogether = async (items: Item[]) => {
    await traced(items, (ds) => opts.batch!(() => dispatch(opts.handlers, ds, before)));
  };

  /**
   * A chunk in as few transactions as possible: when message k fails, the k before it are redone
   * together, k is handled alone (retried or dead-lettered), and the rest go on together. When a
   * set-based handler fails for a run of messages, the run is halved until the culprit is alone.
   * So one failing message costs a few redone transactions, not one transaction per message.
   */
  async function handleChunk(chunk: Item[], heartbeat: () => Promise<void>): Promise<void> {
    let rest = chunk;
    let limit = rest.length;
    // After a failure: how many to try together once the messages before the failing call are done.
    let suspect: number | null = null;
    while (rest.length > 0) {
      const valid = rest.findIndex((i) => !i.parsed.ok);
      const together = Math.min(limit, valid < 0 ? rest.length : valid);
      if (!opts.batch || together <= 1) {
        await handleAlone(rest[0]!, heartbeat);
        rest = rest.slice(1);
        [limit, suspect] = [rest.length, null];
        continue;
      }
      try {
        await runTogether(rest.slice(0, together));
        rest = rest.slice(together);
        [limit, suspect] = [suspect ?? rest.length, null];
      } catch (err) {
        const f = err instanceof DispatchFailure ? err : null;
        opts.log.debug("batch failed; retrying around the message that failed", {
          at: f?.at,
          error: toSagaError(f?.error ?? err).message,
        });
        const narrowed = f ? Math.max(1, Math.floor(f.size / 2)) : Math.max(1, Math.floor(together / 2));
        if (f && f.at > 0) [limit, suspect] = [f.at, narrowed];
        else [limit, suspect] = [narrowed, null];
      }
    }
  }

  // Chunks of different partitions handed in together commit together (see group-commit.ts).
  const topicOrder = (a: Item, b: Item) => (a.ctx.topic < b.ctx.topic ? -1 : a.ctx.topic > b.ctx.topic ? 1 : 0);
  const group = createGroupCommit<Item>(runTogether, topicOrder);
  // The chunks of a group that failed are handled on their own, at most 8 at a time: with every
  // partition's chunk retrying at once (24), the fault soak's hot rows and the connection pool
  // were contended so much that 1,212 of 5,000 orders timed out (docs/reliability.md).
  const afterFailedGroup = pLimit(8);

  let inFlight = 0;
  let idle: (() => void) | null = null;
  const everyTopic = topics.map((topic) => ({ topic }));
  const setPaused = (paused: boolean) => (paused ? consumer.pause(everyTopic) : consumer.resume(everyTopic));

  watchForFatalCrash(consumer, () => stopping, opts);
  const commits = periodicOffsetCommits(consumer, opts.log);
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: opts.fromBeginning ?? true });
  opts.faults?.onPausedChange(setPaused);
  await consumer.run({
    partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently,
    autoCommit: false, // offset-commits.ts commits once a second
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      const topic = logicalTopic(batch.topic, opts.topicPrefix);
      if (!topic || stopping) return;
      inFlight++;
      try {
        const items: Item[] = batch.messages.map((message) => ({
          message,
          parsed: parseEnvelope(message.value, topic),
          ctx: {
            topic,
            partition: batch.partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            timestamp: new Date(Number(message.timestamp)),
            receivedAt: new Date(),
            headers: headersToStrings(message.headers),
          },
        }));
        const go = () => isRunning() && !isStale() && !stopping && !opts.faults?.paused();
        for (let i = 0; i < items.length && go(); i += batchSize) {
          const chunk = items.slice(i, i + batchSize);
          const outcome = opts.batch && chunk.every((c) => c.parsed.ok) ? await group.submit(chunk) : "alone";
          if (outcome === "alone") await handleChunk(chunk, heartbeat);
          else if (outcome === "failed") await afterFailedGroup(() => handleChunk(chunk, heartbeat));
          const last = chunk[chunk.length - 1].message.offset;
          resolveOffset(last);
          commits.done(batch.topic, batch.partition, last);
          await heartbeat();
        }
      } finally {
        if (--inFlight === 0) idle?.();
      }
    },
  });
  if (opts.faults?.paused()) setPaused(true);

  return {
    consumer,
    deadLettered: () => deadLettered,
    /** Graceful: stops fetching, lets the batch in hand finish, commits its offsets, leaves the group. */
    async stop() {
      stopping = true;
      consumer.pause(everyTopic);
      // The batch in hand ends with its transaction, unless its heartbeat waits on a broker that is gone.
      if (inFlight > 0) await settlesWithin(new Promise<void>((r) => (idle = r)), 2000);
      await leaveGroup(consumer, commits, opts.log);
    },
  };
}
