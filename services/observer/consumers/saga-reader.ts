// Reads one saga's topics with the observer's own consumer group for it (never producing to,
// creating or altering them): the kit's pipeline (kit/kafka/pipeline.ts) with the observer's
// sink (observer-sink.ts). The topics a saga reads appear and disappear with the cluster, so the
// pipeline is rebuilt whenever the set changes.
import type { Kafka } from "kafkajs";
import { toSagaError } from "../../kit/errors";
import { explainKafkaFailure } from "../../kit/kafka/failure";
import { runPipeline, type RunningPipeline } from "../../kit/kafka/pipeline";
import { observerSink, type ObserverSinkOptions } from "./observer-sink";
import { startPoint } from "../../../contracts/sagas";
import type { PlaceStart } from "../infra/start-offsets";
import type { ReadProbe } from "../infra/read-probe";

export type { ValueDecoder } from "./observer-sink";

export type SagaReader = {
  /** Reads exactly these topics from now on (the consumer is rebuilt when the set changes). */
  setTopics(topics: string[]): Promise<void>;
  /** Whether the consumer of the current topics has joined (true with no topic to read). */
  joined(): boolean;
  /** Records given up on (never stored: skipped, logged and counted). */
  skipped(): number;
  /** Topics the cluster lets this client describe but not read, each with the reason; the others are read. */
  refused(): Map<string, string>;
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
  /**
   * Tries a topic alone when the group fails on a topic authorization (infra/read-probe.ts): a
   * refused topic is left out, and tried again after `reprobeMs` (60 s); without it such a failure is fatal.
   */
  probeRead?: ReadProbe;
  reprobeMs?: number;
};

const isAuthorization = (err: unknown) => explainKafkaFailure(err)?.kind === "authorization";

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
  // The topics present in the cluster as last given, and those of them refused (with when).
  let wanted: string[] = [];
  const refused = new Map<string, { reason: string; at: number }>();
  const reprobeMs = opts.reprobeMs ?? 60_000;

  /** Probes the refused topics due again, then the topics to read: the wanted ones not refused. */
  const readable = async (list: string[]): Promise<string[]> => {
    for (const t of [...refused.keys()]) {
      if (!list.includes(t)) refused.delete(t);
      else if (Date.now() - refused.get(t)!.at >= reprobeMs && opts.probeRead) {
        const reason = await opts.probeRead(opts.groupId, t);
        if (reason) refused.set(t, { reason, at: Date.now() });
        else refused.delete(t);
      }
    }
    return list.filter((t) => !refused.has(t));
  };

  /** The group failed on a topic authorization: find the topics refused and read the others, or give up. */
  const onAuthorization = async (err: Error) => {
    const found: string[] = [];
    for (const t of topics) {
      const reason = await opts.probeRead!(opts.groupId, t);
      if (reason) {
        refused.set(t, { reason, at: Date.now() });
        found.push(t);
        opts.log.warn("a watched topic may be described but not read; the saga's other topics are read", {
          saga: name,
          topic: t,
          reason,
        });
      }
    }
    if (found.length === 0) return opts.onFatal(err);
    topics = []; // the pipeline that failed is replaced whatever the set
    await replace(await readable(wanted));
  };

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
        onFatal: (err) => {
          if (gen !== generation || stopping) return;
          if (!opts.probeRead || !isAuthorization(err)) return opts.onFatal(err);
          chain = chain
            .then(() => onAuthorization(err))
            .catch((e) =>
              opts.log.error("observer could not leave a refused topic out", { saga: name, err: toSagaError(e) }),
            );
        },
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
        .then(async () => {
          wanted = [...list].sort();
          await replace(await readable(wanted));
        })
        .catch((err) => opts.log.error("observer could not subscribe", { saga: name, err: toSagaError(err) }));
      return chain;
    },
    joined: () => joined,
    skipped: sink.skipped,
    refused: () => new Map([...refused].map(([t, r]) => [t, r.reason])),
    async stop() {
      stopping = true;
      await chain;
      await running?.stop().catch(() => undefined);
    },
  };
}
