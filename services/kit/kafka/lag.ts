// Consumer lag, per partition: the high watermark minus the group's committed offset (minus the
// low watermark where the group has committed nothing yet: it reads from the beginning). Used by
// the bridge's lag poller (the chaos panel's backlog) and by the /metrics lag gauge.
import type { Admin } from "kafkajs";

export type Watermarks = Map<number, { low: number; high: number }>;
export type PartitionLag = { topic: string; partition: number; lag: number };
type Committed = { topic: string; partitions: { partition: number; offset: string }[] }[];

export function partitionLags(committed: Committed, ends: ReadonlyMap<string, Watermarks>): PartitionLag[] {
  const out: PartitionLag[] = [];
  for (const t of committed) {
    const end = ends.get(t.topic);
    if (!end) continue;
    for (const p of t.partitions) {
      const e = end.get(p.partition);
      if (!e) continue;
      const c = Number(p.offset);
      out.push({ topic: t.topic, partition: p.partition, lag: Math.max(0, e.high - (c < 0 ? e.low : c)) });
    }
  }
  return out;
}

/**
 * The lag of one group on `topics` (physical names). `ends` caches the topics' watermarks so
 * that several groups reading the same topics ask the broker once.
 */
export async function readGroupLag(
  admin: Admin,
  groupId: string,
  topics: string[],
  ends: Map<string, Watermarks> = new Map(),
): Promise<PartitionLag[]> {
  for (const t of topics) {
    if (ends.has(t)) continue;
    const offsets = await admin.fetchTopicOffsets(t);
    ends.set(t, new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }])));
  }
  return partitionLags(await admin.fetchOffsets({ groupId, topics }), ends);
}
