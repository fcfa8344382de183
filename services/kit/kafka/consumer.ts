// Runs one consumer group: validates every message against the contracts and calls the typed
// handler for its topic. A fetched batch is handled in chunks, each chunk in one database
// transaction; a message that fails is split off and handled alone, retried in place or
// dead-lettered as the error table says. An offset is resolved only after its commit.
import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from "kafkajs";
import { COMPENSATION_TOPICS, logicalTopic, parseEnvelope, physicalTopic, type Envelope, type EnvelopeParse, type ServiceName, type TopicName } from "../../../contracts";
import { SagaError, toSagaError } from "../errors";
import type { Faults } from "../faults/faults";
import type { Logger } from "../log";
import { publishDeadLetter } from "./dead-letter";

export type MessageContext = {
  topic: TopicName;
  partition: number;
  offset: string;
  key: string | null;
  /** Broker (or producer create) timestamp of the record. */
  timestamp: Date;
  /** When the handler was called for this message. */
  receivedAt: Date;
  headers: Record<string, string>;
};

export type TopicHandlers = { [T in TopicName]?: (event: Envelope<T>, ctx: MessageContext) => Promise<void> };

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
  /** Called after a chunk's transaction committed. */
  committed?: () => void;
  fromBeginning?: boolean;
  /** Called when kafkajs gives up on the consumer (it will not restart it by itself). */
  onFatal?: (err: Error) => void;
  /** Operator-injected faults: latency and failures before each handler call, pausing. */
  faults?: Faults;
};

export type RunningConsumer = { consumer: Consumer; stop(): Promise<void>; deadLettered(): number };

type Item = { message: KafkaMessage; ctx: MessageContext; parsed: EnvelopeParse };

export function headersToStrings(h: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) if (v !== undefined) out[k] = Array.isArray(v) ? String(v[0]) : String(v);
  return out;
}

/** A consumer that crashed for good must not leave a process that looks alive but reads nothing. */
export function watchForFatalCrash(consumer: Consumer, stopping: () => boolean, opts: { log: Logger; onFatal?: (err: Error) => void }): void {
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart || stopping()) return;
    opts.log.error("consumer crashed and will not restart", { err: payload.error });
    opts.onFatal?.(payload.error);
  });
}

export async function runConsumer(opts: ConsumerOptions): Promise<RunningConsumer> {
  const consumer = opts.kafka.consumer({ groupId: opts.groupId, sessionTimeout: 15_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 50, retry: { retries: 10 } });
  const topics = (Object.keys(opts.handlers) as TopicName[]).map((t) => physicalTopic(t, opts.topicPrefix));
  const batchSize = opts.batchSize ?? 100;
  let deadLettered = 0;
  let stopping = false;

  const call = async (item: Item & { parsed: { ok: true } }) => {
    await opts.faults?.beforeHandle();
    item.ctx.receivedAt = new Date();
    const handler = opts.handlers[item.ctx.topic] as (e: Envelope, c: MessageContext) => Promise<void>;
    return handler(item.parsed.envelope, item.ctx);
  };

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
    opts.log.warn("message dead-lettered", { topic: item.ctx.topic, offset: item.ctx.offset, code: error.code, error: error.message });
  }

  async function handleAlone(item: Item, heartbeat: () => Promise<void>): Promise<void> {
    if (!item.parsed.ok) return deadLetter(item, new SagaError("INVALID_EVENT", item.parsed.issues.join("; ")), 0);
    for (let attempt = 1; ; attempt++) {
      try {
        await call(item as Item & { parsed: { ok: true } });
        opts.committed?.();
        return;
      } catch (err) {
        const error = toSagaError(err);
        if (stopping && error.retriable) throw error; // leave it uncommitted: redelivered after restart
        // A compensation is never given up on after retries: abandoning it would leave stock or
        // points held for a cancelled order. Only poison (dead-letter "at-once") leaves its topic.
        const spent = attempt >= opts.maxAttempts && !COMPENSATION_TOPICS.includes(item.ctx.topic);
        if (error.deadLetter === "at-once" || (spent && error.deadLetter === "after-retries")) return deadLetter(item, error, attempt);
        opts.log.warn("handler failed; retrying", { topic: item.ctx.topic, offset: item.ctx.offset, attempt, code: error.code, error: error.message });
        await new Promise((r) => setTimeout(r, Math.min(5_000, opts.retryBaseMs * 2 ** (attempt - 1))));
        await heartbeat();
      }
    }
  }

  /**
   * Runs the leading messages of `items` in one transaction. Returns how many committed: all of
   * them, or 0 when message `failedAt` (or an invalid one) stopped it and everything rolled back.
   */
  async function tryTogether(items: Item[]): Promise<{ committed: number } | { failedAt: number }> {
    const invalid = items.findIndex((i) => !i.parsed.ok);
    const valid = (invalid < 0 ? items : items.slice(0, invalid)) as (Item & { parsed: { ok: true } })[];
    if (valid.length === 0) return { failedAt: 0 };
    let at = 0;
    try {
      await opts.batch!(async () => {
        for (at = 0; at < valid.length; at++) await call(valid[at]!);
        at = 0; // a failing COMMIT is nobody's fault in particular
      });
      opts.committed?.();
      return { committed: valid.length };
    } catch (err) {
      opts.log.debug("batch failed; retrying around the message that failed", { at, error: toSagaError(err).message });
      return { failedAt: at };
    }
  }

  /**
   * A chunk in as few transactions as possible: when message k fails, the k before it are
   * redone together, k is handled alone (retried or dead-lettered), and the rest go on together.
   * So one failing message costs a redo of the ones before it, not one transaction per message.
   */
  async function handleChunk(chunk: Item[], heartbeat: () => Promise<void>): Promise<void> {
    let rest = chunk;
    let limit = rest.length;
    while (rest.length > 0) {
      if (!opts.batch || limit === 1) {
        await handleAlone(rest[0]!, heartbeat);
        rest = rest.slice(1);
        limit = rest.length;
        continue;
      }
      const r = await tryTogether(rest.slice(0, limit));
      if ("committed" in r) {
        rest = rest.slice(r.committed);
        limit = rest.length;
      } else {
        limit = Math.max(1, r.failedAt);
      }
    }
  }

  // What this process handled and resolved, committed explicitly on a graceful stop (the
  // periodic auto-commit may be up to a second behind).
  const resolved = new Map<string, { topic: string; partition: number; offset: string }>();
  let inFlight = 0;
  let idle: (() => void) | null = null;
  const everyTopic = topics.map((topic) => ({ topic }));
  const setPaused = (paused: boolean) => (paused ? consumer.pause(everyTopic) : consumer.resume(everyTopic));

  watchForFatalCrash(consumer, () => stopping, opts);
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: opts.fromBeginning ?? true });
  opts.faults?.onPausedChange(setPaused);
  await consumer.run({
    partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently,
    // Commit resolved offsets at most once a second, not after every batch: far fewer requests;
    // a crash redelivers at most a second of events, which the inbox ignores.
    autoCommitInterval: 1000,
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
          await handleChunk(chunk, heartbeat);
          const last = chunk[chunk.length - 1].message.offset;
          resolveOffset(last);
          resolved.set(`${batch.topic}:${batch.partition}`, { topic: batch.topic, partition: batch.partition, offset: String(BigInt(last) + 1n) });
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
      if (inFlight > 0) await new Promise<void>((r) => (idle = r));
      if (resolved.size > 0) {
        await consumer.commitOffsets([...resolved.values()]).catch((err) => opts.log.warn("could not commit offsets on stop", { err: toSagaError(err) }));
      }
      await consumer.disconnect();
    },
  };
}
