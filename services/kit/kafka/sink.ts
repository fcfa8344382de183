// What the pipeline (pipeline.ts) asks of the one who takes its records: how to read them, how to
// write them, and what to do with one it gives up on. Three sinks exist: the services' handlers
// (consumer.ts: dead-letter), their projections (projection.ts: park) and the observer's readers
// (services/observer/consumers: skip and count).
import type { SagaError } from "../errors";

/** A Kafka record as consumed, built once per record. */
export type KafkaRecord = {
  /** The physical topic name. */
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** The record's timestamp (ms): the broker's, or the producer's create time. */
  timestamp: number;
  headers: Record<string, string>;
  /** When its batch was handed over by the fetch. */
  receivedAt: Date;
};

/** A record as the sink read it: an item to write, refused at once (given up), or null: not the sink's (skipped). */
export type Reading<I> = { ok: true; item: I } | { ok: false; error: SagaError } | null;

export type BatchContext = {
  /** Tells the group this member is alive (while a read waits, e.g. on a schema registry). */
  heartbeat(): Promise<void>;
  /** False once the partition was taken away or the consumer stops: stop waiting, leave the batch uncommitted. */
  alive(): boolean;
  /** Aborted when the consumer stops. */
  signal: AbortSignal;
};

export type Sink<I> = {
  /** A partition batch's records as items, in order (one reading per record). */
  read(records: KafkaRecord[], ctx: BatchContext): Reading<I>[] | Promise<Reading<I>[]>;
  /**
   * Writes items in one transaction (from one partition or several); throws what failed, a
   * PartialWriteFailure (chunks.ts) when it knows which item.
   */
  write(items: I[]): Promise<void>;
  /** What becomes of a record given up on: dead-lettered, parked, or skipped and counted. Retried while it throws. */
  giveUp(record: KafkaRecord, item: I | null, error: SagaError, attempts: number): Promise<void>;
  /** An item never given up after retries, only as poison (a compensation). */
  mustComplete?(item: I): boolean;
  /** false: every item is written on its own (no shared transaction). */
  together?: boolean;
  /** The order of items of several partitions written together (a stable sort keeps each partition's). */
  order?(a: I, b: I): number;
};
