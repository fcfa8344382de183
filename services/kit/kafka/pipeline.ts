// The one Kafka pipeline: every consumer group in services/ (the services' handlers, their
// projections, the observer's readers) is this loop with a sink of its own. It builds each
// record once, lets the sink read the partition batch (parse, decode), writes it in chunks, the
// chunks of the partitions of one fetch in one transaction (group-commit.ts), pins a failure on
// its record (chunks.ts), asks the one retry rule (../retry.ts) what to do with it, and resolves
// and commits an offset only once everything up to it is written or given up.
import type { Consumer, IHeaders, Kafka, KafkaMessage } from "kafkajs";
import pLimit from "p-limit";
import { settlesWithin } from "../abandonable";
import { toSagaError, type ErrorCode, type SagaError } from "../errors";
import type { Logger } from "../log";
import { backoffMs, disposition, sleep } from "../retry";
import { failureCause, writeChunk } from "./chunks";
import { createConsumer } from "./client";
import { createGroupCommit } from "./group-commit";
import { leaveGroup, periodicOffsetCommits } from "./offset-commits";
import type { KafkaRecord, Reading, Sink } from "./sink";

export type { KafkaRecord, Reading, Sink, BatchContext } from "./sink";

/**
 * The linger of every group unless CONSUMER_LINGER_MS says otherwise: measured on 2 cores at 100
 * sagas/s (docs/performance.md, "One pipeline").
 */
export const DEFAULT_LINGER_MS = 50;

export type PipelineOptions<I> = {
  kafka: Kafka;
  groupId: string;
  /** Physical topic names. */
  topics: readonly string[];
  fromBeginning?: boolean;
  sink: Sink<I>;
  partitionsConsumedConcurrently: number;
  retry: { maxAttempts: number; baseMs: number };
  /** Records per chunk (one transaction at most; 100). */
  chunkSize?: number;
  /**
   * After a batch smaller than a chunk, how long the next fetch waits (0: none): at low rates
   * records then arrive a few at a time instead of one fetch, transaction and relay pass each.
   */
  lingerMs?: number;
  log: Logger;
  /** Called when kafkajs gives up on the consumer (it will not restart it by itself). */
  onFatal?: (err: Error) => void;
  onJoin?: () => void;
  /** Operator-injected pausing (kit/faults): no record is taken while paused. */
  pause?: { paused(): boolean; onPausedChange(fn: (paused: boolean) => void): void };
  onRetry?: (topic: string, code: ErrorCode) => void;
};

export type RunningPipeline = { consumer: Consumer; stop(): Promise<void> };

type Entry<I> = { record: KafkaRecord; reading: Exclude<Reading<I>, null> };

export function headersToStrings(h: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {}))
    if (v !== undefined) out[k] = Array.isArray(v) ? String(v[0]) : String(v);
  return out;
}

const toRecord = (topic: string, partition: number, m: KafkaMessage, receivedAt: Date): KafkaRecord => ({
  topic,
  partition,
  offset: m.offset,
  key: m.key ?? null,
  value: m.value ?? null,
  timestamp: Number(m.timestamp),
  headers: headersToStrings(m.headers),
  receivedAt,
});

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

export async function runPipeline<I>(opts: PipelineOptions<I>): Promise<RunningPipeline> {
  const { sink, log } = opts;
  const consumer = createConsumer(opts.kafka, opts.groupId);
  const chunkSize = opts.chunkSize ?? 100;
  const stopped = new AbortController();
  let stopping = false;

  const items = (entries: Entry<I>[]) => entries.map((e) => (e.reading as { item: I }).item);
  const writeTogether = (entries: Entry<I>[]) => sink.write(items(entries));
  const order = sink.order;
  // Chunks of different partitions handed in together commit together (see group-commit.ts).
  const group = createGroupCommit<Entry<I>>(
    writeTogether,
    order ? (a, b) => order((a.reading as { item: I }).item, (b.reading as { item: I }).item) : undefined,
  );
  // The chunks of a group that failed are written on their own, at most 8 at a time: with every
  // partition's chunk retrying at once (24), the fault soak's hot rows and the connection pool
  // were contended so much that 1,212 of 5,000 orders timed out (docs/reliability.md).
  const afterFailedGroup = pLimit(8);

  /** Runs `fn` until it succeeds, waiting between tries; a retriable failure while the batch is given up leaves it uncommitted. */
  async function persist(
    entry: Entry<I>,
    what: "write" | "give up",
    fn: (attempt: number) => Promise<"done" | SagaError>,
    go: () => boolean,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const error = await fn(attempt);
      if (error === "done") return;
      if (!go() && error.retriable) throw error;
      opts.onRetry?.(entry.record.topic, error.code);
      log.warn(`could not ${what} a record; retrying`, {
        groupId: opts.groupId,
        topic: entry.record.topic,
        partition: entry.record.partition,
        offset: entry.record.offset,
        attempt,
        code: error.code,
        error: error.message,
      });
      await sleep(backoffMs(attempt, opts.retry.baseMs), stopped.signal);
      await heartbeat();
    }
  }

  /** One record on its own: written, or given up as the retry rule says (the giving up itself retried). */
  async function alone(entry: Entry<I>, go: () => boolean, heartbeat: () => Promise<void>): Promise<void> {
    const r = entry.reading;
    const spent: { error?: SagaError; attempts: number } = r.ok ? { attempts: 0 } : { error: r.error, attempts: 0 };
    if (r.ok)
      await persist(
        entry,
        "write",
        async (attempt) => {
          try {
            await sink.write([r.item]);
            return "done";
          } catch (err) {
            const error = toSagaError(failureCause(err));
            const mustComplete = sink.mustComplete?.(r.item) ?? false;
            if (disposition(error, attempt, { maxAttempts: opts.retry.maxAttempts, mustComplete }) === "retry")
              return error;
            [spent.error, spent.attempts] = [error, attempt];
            return "done";
          }
        },
        go,
        heartbeat,
      );
    const error = spent.error;
    if (!error) return;
    const item = r.ok ? r.item : null;
    await persist(
      entry,
      "give up",
      () => sink.giveUp(entry.record, item, error, spent.attempts).then(() => "done" as const, toSagaError),
      go,
      heartbeat,
    );
  }

  let inFlight = 0;
  let idle: (() => void) | null = null;
  const everyTopic = opts.topics.map((topic) => ({ topic }));
  const setPaused = (paused: boolean) => (paused ? consumer.pause(everyTopic) : consumer.resume(everyTopic));

  watchForFatalCrash(consumer, () => stopping, opts);
  if (opts.onJoin) consumer.on(consumer.events.GROUP_JOIN, opts.onJoin);
  const commits = periodicOffsetCommits(consumer, log);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...opts.topics], fromBeginning: opts.fromBeginning ?? true });
    await run();
  } catch (err) {
    stopping = true;
    await leaveGroup(consumer, commits, log).catch(() => undefined);
    throw err;
  }
  opts.pause?.onPausedChange(setPaused);
  if (opts.pause?.paused()) setPaused(true);

  return {
    consumer,
    /** Graceful: stops fetching, lets the batch in hand finish, commits its offsets, leaves the group. */
    async stop() {
      stopping = true;
      stopped.abort(new Error("the consumer is stopping"));
      consumer.pause(everyTopic);
      // The batch in hand ends with its transaction, unless its heartbeat waits on a broker that is gone.
      if (inFlight > 0) await settlesWithin(new Promise<void>((r) => (idle = r)), 2000);
      await leaveGroup(consumer, commits, log);
    },
  };

  function run() {
    return consumer.run({
      partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently,
      autoCommit: false, // offset-commits.ts commits once a second
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (stopping || batch.messages.length === 0 || isStale()) return;
        const fetchedAt = performance.now();
        inFlight++;
        try {
          const alive = () => isRunning() && !isStale();
          const go = () => alive() && !stopping && !opts.pause?.paused();
          const receivedAt = new Date();
          const records = batch.messages.map((m) => toRecord(batch.topic, batch.partition, m, receivedAt));
          const readings = await sink.read(records, { heartbeat, alive, signal: stopped.signal });
          const writes = {
            canJoin: (e: Entry<I>) => e.reading.ok && sink.together !== false,
            together: writeTogether,
            alone: (e: Entry<I>) => alone(e, go, heartbeat),
            onFailure: (at: number | undefined, error: unknown) =>
              log.debug("chunk failed; writing around the record that failed", { at, error: String(error) }),
          };
          for (let i = 0; i < records.length && go(); i += chunkSize) {
            const chunk: Entry<I>[] = [];
            for (let j = i; j < Math.min(records.length, i + chunkSize); j++) {
              const reading = readings[j];
              if (reading) chunk.push({ record: records[j]!, reading });
            }
            if (chunk.length > 0) {
              const joinable = sink.together !== false && chunk.every((e) => e.reading.ok);
              const outcome = joinable ? await group.submit(chunk) : "alone";
              if (outcome === "alone") await writeChunk(chunk, writes);
              else if (outcome === "failed") await afterFailedGroup(() => writeChunk(chunk, writes));
            }
            const last = records[Math.min(records.length, i + chunkSize) - 1]!.offset;
            resolveOffset(last);
            commits.done(batch.topic, batch.partition, last);
            await heartbeat();
          }
          const linger = (opts.lingerMs ?? 0) - (performance.now() - fetchedAt);
          if (linger > 0 && records.length < chunkSize && go()) await sleep(linger, stopped.signal);
        } finally {
          if (--inFlight === 0) idle?.();
        }
      },
    });
  }
}
