// What the observer pushes of one stored batch (contracts/socket.ts, WatchedBatch): the same
// summary the store adds to its tables (batch.ts), so a page that adds the pushes to what it read
// holds what a new read would give. Pure.
import type { WatchedBatch } from "../../../contracts/socket";
import { summariseBatch } from "./batch";
import type { ObservedRecord } from "./record";

/** Records sent per batch; beyond, only counted (`omitted`): counters and instances are always whole. */
export const LIVE_RECORDS_PER_BATCH = 500;

export function liveBatch(
  saga: string,
  records: readonly ObservedRecord[],
  maxRecords = LIVE_RECORDS_PER_BATCH,
): WatchedBatch {
  const { instances, counters } = summariseBatch(records);
  const sent = records.length > maxRecords ? records.slice(records.length - maxRecords) : records;
  return {
    saga,
    records: sent.map((r) => ({
      instanceId: r.instanceId,
      run: r.run,
      step: r.step?.id ?? null,
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      at: r.at.toISOString(),
    })),
    omitted: records.length - sent.length,
    instances: instances.map((i) => ({
      id: i.id,
      run: i.run,
      records: i.records,
      firstAt: i.startedAt.toISOString(),
      lastAt: i.lastEventAt.toISOString(),
      ending: i.ending?.status ?? null,
    })),
    counters: counters.map((c) => ({ metric: c.metric, subject: c.subject, delta: c.delta })),
  };
}
