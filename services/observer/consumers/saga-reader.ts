// Reads one saga's topics with the observer's own consumer group for it (never producing to,
// creating or altering them) and hands each partition batch to the store; the offset is resolved
// only after the store committed, and the store skips what it already took, so a restart
// resumes without counting a record twice. The kit's runner is for envelopes; these records are
// anyone's, so this reader uses the kit's client options directly.
import type { Consumer, Kafka } from "kafkajs";
import { createBatcher } from "../../kit/application/batcher";
import { toSagaError } from "../../kit/errors";
import { headersToStrings, watchForFatalCrash } from "../../kit/kafka/consumer";
import { createConsumer } from "../../kit/kafka/client";
import { leaveGroup, periodicOffsetCommits, type OffsetCommits } from "../../kit/kafka/offset-commits";
import type { Logger } from "../../kit/log";
import type { WatchedSaga } from "../application/definitions";
import type { ObserverRecorder, ObserverStore, PartitionBatch } from "../application/ports";
import { observeRecord, type DecodedValue, type Limits, type ObservedRecord, type RawRecord } from "../domain/record";
import { topicFormat, type ValueFormat } from "../../../contracts/sagas";

/** Reads a schema-registry-encoded value (infra/registry-decoder.ts); waits while the registry does not answer, until `signal` aborts. */
export type ValueDecoder = (
  topic: string,
  format: Exclude<ValueFormat, "json">,
  bytes: Uint8Array,
  signal: AbortSignal,
) => Promise<DecodedValue>;

/** While a batch waits on the registry, the group is told it is alive this often. */
const DECODE_HEARTBEAT_MS = 3000;

export type SagaReader = {
  /** Reads exactly these topics from now on (the consumer is rebuilt when the set changes). */
  setTopics(topics: string[]): Promise<void>;
  /** Whether the consumer of the current topics has joined (true with no topic to read). */
  joined(): boolean;
  stop(): Promise<void>;
};

export type ReaderOptions = {
  kafka: Kafka;
  saga: WatchedSaga;
  groupId: string;
  store: ObserverStore;
  metrics: ObserverRecorder;
  limits: Limits;
  partitionsConsumedConcurrently: number;
  retryBaseMs: number;
  maxAttempts: number;
  log: Logger;
  onFatal(err: Error): void;
  /** Decodes values of topics whose format is not json; required when the saga has one. */
  decode?: ValueDecoder;
  /** The records stored for the first time, once their transaction committed. */
  onStored?(records: readonly ObservedRecord[]): void;
};

export function sagaReader(opts: ReaderOptions): SagaReader {
  const name = opts.saga.definition.name;
  let consumer: Consumer | null = null;
  // Each consumer's pending offsets, committed before it disconnects.
  const flushes = new WeakMap<Consumer, OffsetCommits>();
  const disconnect = async (c: Consumer | null) => {
    if (c) await leaveGroup(c, flushes.get(c), opts.log);
  };
  let topics: string[] = [];
  let joined = true;
  let stopping = false;
  let chain = Promise.resolve();
  // The partitions' batches of one fetch commit in one transaction; a group that fails is tried
  // batch by batch, so each failure reaches only its own batch's retries.
  const runs = {
    runs: opts.saga.definition.steps.some((s) => s.starts) ? { timeoutMs: opts.saga.definition.timeoutMs } : null,
  };
  const writeTogether = createBatcher<PartitionBatch, readonly ObservedRecord[]>((batches) =>
    opts.store.writeBatches(name, batches, runs),
  );
  const definition = opts.saga.definition;

  const stopped = new AbortController();

  /**
   * A batch's records; values of a registry-encoded topic are decoded first, one by one. While the
   * registry does not answer the batch waits (heartbeating), and gives up when the consumer stops
   * or loses the partition: its offsets stay unresolved and the records come again.
   */
  async function observe(
    topic: string,
    raws: RawRecord[],
    alive: () => boolean,
    heartbeat: () => Promise<void>,
  ): Promise<ObservedRecord[]> {
    const format = topicFormat(definition, topic);
    if (format === "json") return raws.map((raw) => observeRecord(definition, raw, opts.limits));
    const decode = opts.decode;
    if (!decode)
      throw new Error(
        `saga ${name} reads ${topic} as ${format} but no schema registry is configured (SCHEMA_REGISTRY_URL)`,
      );
    const waiting = new AbortController();
    const signal = AbortSignal.any([waiting.signal, stopped.signal]);
    const beat = setInterval(
      () =>
        alive() ? void heartbeat().catch(() => undefined) : waiting.abort(new Error("the partition was given up")),
      DECODE_HEARTBEAT_MS,
    );
    try {
      const out: ObservedRecord[] = [];
      for (const raw of raws)
        out.push(
          observeRecord(
            definition,
            raw,
            opts.limits,
            raw.value === null ? { ok: false } : await decode(topic, format, raw.value, signal),
          ),
        );
      return out;
    } finally {
      clearInterval(beat);
    }
  }

  /** Retries outages for as long as they last; anything else a few times, then record by record, skipping one that still fails. */
  async function store(
    topic: string,
    partition: number,
    records: ObservedRecord[],
    alive: () => boolean,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const started = performance.now();
        const fresh = await writeTogether({ topic, partition, records });
        opts.metrics.stored(name, topic, fresh, (performance.now() - started) / 1000);
        if (fresh.length > 0) opts.onStored?.(fresh);
        return;
      } catch (err) {
        const e = toSagaError(err);
        if (!alive()) throw e;
        if (!e.retriable || attempt >= opts.maxAttempts) {
          if (records.length > 1 && e.code !== "DB_UNAVAILABLE" && e.code !== "DB_CONFLICT") {
            for (const r of records) await store(topic, partition, [r], alive, heartbeat);
            return;
          }
          if (records.length === 1 && !e.retriable) {
            opts.log.error("observer skipped a record it cannot store", {
              saga: name,
              topic,
              partition,
              offset: records[0]!.offset,
              err: e,
            });
            return;
          }
        }
        opts.log.warn("observer could not store a batch; retrying", { saga: name, topic, attempt, err: e });
        await new Promise((r) => setTimeout(r, Math.min(5000, opts.retryBaseMs * 2 ** attempt)));
        await heartbeat();
      }
    }
  }

  async function start(list: string[]): Promise<void> {
    const c = createConsumer(opts.kafka, opts.groupId);
    consumer = c;
    watchForFatalCrash(c, () => stopping || c !== consumer, { log: opts.log, onFatal: opts.onFatal });
    c.on(c.events.GROUP_JOIN, () => c === consumer && (joined = true));
    const commits = periodicOffsetCommits(c, opts.log);
    flushes.set(c, commits);
    await c.connect();
    await c.subscribe({ topics: list, fromBeginning: true });
    await c.run({
      partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently,
      autoCommit: false, // offset-commits.ts commits once a second; the positions table skips what is redelivered
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (batch.messages.length === 0 || isStale()) return;
        opts.metrics.read(name, batch.topic, batch.messages.length);
        const alive = () => isRunning() && !isStale();
        const records = await observe(
          batch.topic,
          batch.messages.map((m) => ({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            timestamp: Number(m.timestamp),
            key: m.key ?? null,
            headers: headersToStrings(m.headers),
            value: m.value,
          })),
          alive,
          heartbeat,
        );
        await store(batch.topic, batch.partition, records, alive, heartbeat);
        resolveOffset(batch.lastOffset());
        commits.done(batch.topic, batch.partition, batch.lastOffset());
        await heartbeat();
      },
    });
  }

  const replace = async (list: string[]) => {
    if (stopping || list.join("\n") === topics.join("\n")) return;
    const old = consumer;
    consumer = null;
    joined = list.length === 0;
    await disconnect(old).catch((err) =>
      opts.log.warn("observer consumer did not disconnect cleanly", { saga: name, err: toSagaError(err) }),
    );
    topics = list;
    if (list.length === 0) return;
    try {
      await start(list);
      opts.log.info("observer reads", { saga: name, topics: list, groupId: opts.groupId });
    } catch (err) {
      // Tried again at the next look at the cluster.
      topics = [];
      const failed = consumer as Consumer | null;
      consumer = null;
      await disconnect(failed).catch(() => undefined);
      throw err;
    }
  };

  return {
    setTopics(list) {
      chain = chain
        .then(() => replace([...list].sort()))
        .catch((err) => opts.log.error("observer could not subscribe", { saga: name, err: toSagaError(err) }));
      return chain;
    },
    joined: () => joined,
    async stop() {
      stopping = true;
      stopped.abort(new Error("the observer is stopping"));
      await chain;
      await disconnect(consumer).catch(() => undefined);
    },
  };
}
