// Reads one saga's topics with the observer's own consumer group for it (never producing to,
// creating or altering them): the kit's pipeline (kit/kafka/pipeline.ts) with the observer's
// sink (observer-sink.ts). The topics a saga reads appear and disappear with the cluster, so the
// pipeline is rebuilt whenever the set changes.
import type { Kafka } from "kafkajs";
import { toSagaError } from "../../kit/errors";
import { runPipeline, type RunningPipeline } from "../../kit/kafka/pipeline";
import { observerSink, type ObserverSinkOptions } from "./observer-sink";
import { startPoint } from "../../../contracts/sagas";
import type { PlaceStart } from "../infra/start-offsets";

export type { ValueDecoder } from "./observer-sink";

export type SagaReader = {
  /** Reads exactly these topics from now on (the consumer is rebuilt when the set changes). */
  setTopics(topics: string[]): Promise<void>;
  /** Whether the consumer of the current topics has joined (true with no topic to read). */
  joined(): boolean;
  /** Records given up on (never stored: skipped, logged and counted). */
  skipped(): number;
  stop(): Promise<void>;
};

export type ReaderOptions = ObserverSinkOptions & {
  kafka: Kafka;
  groupId: string;
  partitionsConsumedConcurrently: number;
  retryBaseMs: number;
  maxAttempts: number;
  /** See PipelineOptions.lingerMs. */
  lingerMs?: number;
  onFatal(err: Error): void;
  /** Places a time `start` on the partitions the group has no offset for (infra/start-offsets.ts). */
  placeStart?: PlaceStart;
};

export function sagaReader(opts: ReaderOptions): SagaReader {
  const name = opts.saga.definition.name;
  const sink = observerSink(opts);
  let running: RunningPipeline | null = null;
  let topics: string[] = [];
  let joined = true;
  let stopping = false;
  let chain = Promise.resolve();
  // Events of a pipeline already replaced (one whose stop outlasted its budget) are ignored.
  let generation = 0;

  const replace = async (list: string[]) => {
    if (stopping || list.join("\n") === topics.join("\n")) return;
    const old = running;
    running = null;
    joined = list.length === 0;
    await old
      ?.stop()
      .catch((err) =>
        opts.log.warn("observer consumer did not disconnect cleanly", { saga: name, err: toSagaError(err) }),
      );
    topics = list;
    if (list.length === 0) return;
    const gen = ++generation;
    try {
      const start = startPoint(opts.saga.definition.start, Date.now());
      if (start.kind === "time") await opts.placeStart?.(opts.groupId, list, start.at);
      running = await runPipeline({
        kafka: opts.kafka,
        groupId: opts.groupId,
        topics: list,
        fromBeginning: start.kind !== "latest",
        sink,
        partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently,
        retry: { maxAttempts: opts.maxAttempts, baseMs: opts.retryBaseMs },
        lingerMs: opts.lingerMs,
        log: opts.log,
        onFatal: (err) => (gen === generation && !stopping ? opts.onFatal(err) : undefined),
        onJoin: () => (gen === generation ? (joined = true) : undefined),
      });
      opts.log.info("observer reads", { saga: name, topics: list, groupId: opts.groupId });
    } catch (err) {
      // Tried again at the next look at the cluster.
      topics = [];
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
    skipped: sink.skipped,
    async stop() {
      stopping = true;
      await chain;
      await running?.stop().catch(() => undefined);
    },
  };
}
