// What the observer's use cases need from the outside: its store and what the cluster looks like.
import type { SagaEnding, SearchResult } from "../../../contracts/sagas";
import type { ObservedRecord } from "../domain/record";

export type StoredInstance = {
  id: string;
  run: number;
  ending: SagaEnding | null;
  startedAt: Date;
  lastEventAt: Date;
  endedAt: Date | null;
  records: number;
};
export type StoredRecord = Omit<
  ObservedRecord,
  "step" | "instanceId" | "notJson" | "notDecodable" | "matchCut" | "run"
> & { step: string | null };
export type Counter = { metric: string; subject: string; value: number };
export type StatusFilter = { ending: SagaEnding } | { stuck: boolean };

/** The records of one partition that Kafka handed over together. */
export type PartitionBatch = { topic: string; partition: number; records: readonly ObservedRecord[] };

/** For a saga with a `starts` step: records are given runs (domain/runs.ts), a run stuck after `timeoutMs` over; null: every record is run 1. */
export type RunsOption = { timeoutMs: number } | null;

export type ObserverStore = {
  /**
   * Stores partition batches in one transaction, each record once:
   * records at offsets already taken are skipped. Returns, per batch, the records that were new,
   * each with its run (given in the transaction when `runs` is set).
   */
  writeBatches(
    saga: string,
    batches: readonly PartitionBatch[],
    opts?: { runs: RunsOption },
  ): Promise<ObservedRecord[][]>;
  /**
   * Instances by status (an ending, STUCK or RUNNING; statuses without one are absent): those
   * without an ending whose first record is before `stuckBefore` are stuck.
   */
  statusCounts(saga: string, stuckBefore: Date): Promise<Map<string, number>>;
  counters(saga: string): Promise<Counter[]>;
  instances(
    saga: string,
    q: { filter: StatusFilter | null; limit: number; stuckBefore: Date; id?: string },
  ): Promise<StoredInstance[]>;
  /** One run of an id (the latest when `run` is absent) and its records. */
  instance(
    saga: string,
    id: string,
    run?: number,
  ): Promise<{ instance: StoredInstance; records: StoredRecord[] } | null>;
  /** The earliest record whose event id (the definition's `eventId`) is this. */
  event(saga: string, eventId: string): Promise<StoredRecord | null>;
};

/** An instance a search found (application/search.ts adds its status). */
export type SearchHit = {
  saga: string;
  id: string;
  run: number;
  startedAt: Date;
  ending: SagaEnding | null;
  matchedOn: SearchResult["matchedOn"];
};

/** attach.md, "Finding a business id": `text` taken literally, never as a pattern. */
export type SearchStore = {
  /**
   * Instances of `sagas` whose id is `text` or begins with it, or one of whose records has a
   * header value or JSON leaf equal to it: newest first, each once (id before header before value).
   */
  search(q: { text: string; sagas: readonly string[]; limit: number }): Promise<SearchHit[]>;
};

/** What the readers report for /metrics (infra/observer-metrics.ts). */
export type ObserverRecorder = {
  /** A partition batch came from Kafka (a redelivered record is read again). */
  read(saga: string, topic: string, records: number): void;
  /** A batch's transaction committed in `seconds`; `fresh` are the records it stored, those no observer of the group had stored before. */
  stored(saga: string, topic: string, fresh: readonly ObservedRecord[], seconds: number): void;
  /** A record was given up on: never stored (kit/retry.ts said so), skipped and logged. */
  skipped(saga: string, topic: string): void;
};

/** What the cluster says about a saga's topics, refreshed periodically (infra/cluster-watch.ts). */
export type ClusterView = {
  /** Topics of the saga that do not exist (yet). */
  missingTopics(saga: string): string[];
  /** Topics of the saga the cluster refuses to describe or to let this client read, with the reason. */
  refusedTopics(saga: string): Map<string, string>;
  /** Per topic, the services whose consumer groups read it. */
  consumers(saga: string): Map<string, string[]>;
};
