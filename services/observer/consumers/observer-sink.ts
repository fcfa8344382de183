// The observer's sink of the Kafka pipeline (kit/kafka/pipeline.ts): a saga's records, anyone's
// bytes, read as observed records (values of a registry-encoded topic decoded first) and stored
// with the partitions' positions in one transaction; the store skips what it already took, so a
// redelivery never counts a record twice. A record that can never be stored is skipped and
// counted (the observer only reads: there is nobody to dead-letter to, and the saga's own
// consumers are not concerned).
import type { Sink } from "../../kit/kafka/sink";
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

export type ObserverSinkOptions = {
  saga: WatchedSaga;
  store: ObserverStore;
  metrics: ObserverRecorder;
  limits: Limits;
  log: Logger;
  /** Decodes values of topics whose format is not json; required when the saga has one. */
  decode?: ValueDecoder;
  /** The records stored for the first time, once their transaction committed. */
  onStored?(records: readonly ObservedRecord[]): void;
};

export function observerSink(opts: ObserverSinkOptions): Sink<ObservedRecord> & { skipped(): number } {
  const definition = opts.saga.definition;
  const name = definition.name;
  const runs = definition.steps.some((s) => s.starts) ? { timeoutMs: definition.timeoutMs } : null;
  let skipped = 0;

  return {
    skipped: () => skipped,
    /**
     * While the registry does not answer, the batch waits (heartbeating), and gives up when the
     * consumer stops or loses the partition: its offsets stay unresolved and the records come again.
     */
    async read(records, ctx) {
      if (records.length === 0) return [];
      const topic = records[0]!.topic;
      opts.metrics.read(name, topic, records.length);
      const raws: RawRecord[] = records;
      const format = topicFormat(definition, topic);
      if (format === "json")
        return raws.map((raw) => ({ ok: true, item: observeRecord(definition, raw, opts.limits) }));
      const decode = opts.decode;
      if (!decode)
        throw new Error(
          `saga ${name} reads ${topic} as ${format} but no schema registry is configured (SCHEMA_REGISTRY_URL)`,
        );
      const waiting = new AbortController();
      const signal = AbortSignal.any([waiting.signal, ctx.signal]);
      const beat = setInterval(
        () =>
          ctx.alive()
            ? void ctx.heartbeat().catch(() => undefined)
            : waiting.abort(new Error("the partition was given up")),
        DECODE_HEARTBEAT_MS,
      );
      try {
        const out = [];
        for (const raw of raws) {
          const value = raw.value === null ? { ok: false as const } : await decode(topic, format, raw.value, signal);
          out.push({ ok: true as const, item: observeRecord(definition, raw, opts.limits, value) });
        }
        return out;
      } finally {
        clearInterval(beat);
      }
    },
    async write(records) {
      const batches: PartitionBatch[] = [];
      for (const r of records) {
        const last = batches[batches.length - 1];
        if (last && last.topic === r.topic && last.partition === r.partition)
          (last.records as ObservedRecord[]).push(r);
        else batches.push({ topic: r.topic, partition: r.partition, records: [r] });
      }
      const started = performance.now();
      const fresh = await opts.store.writeBatches(name, batches, { runs });
      const seconds = (performance.now() - started) / 1000;
      batches.forEach((b, i) => opts.metrics.stored(name, b.topic, fresh[i] ?? [], seconds));
      const all = fresh.flat();
      if (all.length > 0) opts.onStored?.(all);
    },
    async giveUp(record, _item, error) {
      skipped++;
      opts.metrics.skipped(name, record.topic);
      opts.log.error("observer skipped a record it cannot store", {
        saga: name,
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        err: error,
      });
    },
  };
}
