// What one batch of observed records changes: the instances' first and last times, their
// earliest ending, their record counts, and the saga's counters. Pure; the store adds these
// to what it holds (every change is a sum, a least or a greatest, so batches commute).
import type { SagaEnding } from "../../../contracts/sagas";
import type { ObservedRecord } from "./record";

export type InstanceChange = {
  id: string;
  run: number;
  startedAt: Date;
  lastEventAt: Date;
  records: number;
  ending: { status: SagaEnding; at: Date } | null;
};

/** Counter names: `total`, `notJson`, `notDecodable`, `oversized`, `matchCut`, `unmatched`, `seen` (subject: step id), `uncorrelated` (subject: topic). */
export type CounterChange = {
  metric: "total" | "notJson" | "notDecodable" | "oversized" | "matchCut" | "unmatched" | "seen" | "uncorrelated";
  subject: string;
  delta: number;
};

export type BatchChanges = { kept: ObservedRecord[]; instances: InstanceChange[]; counters: CounterChange[] };

export function summariseBatch(records: readonly ObservedRecord[]): BatchChanges {
  const instances = new Map<string, InstanceChange>();
  const counters = new Map<string, CounterChange>();
  const count = (metric: CounterChange["metric"], subject = "") => {
    const k = `${metric}\u0000${subject}`;
    const c = counters.get(k) ?? { metric, subject, delta: 0 };
    c.delta++;
    counters.set(k, c);
  };
  const kept: ObservedRecord[] = [];
  for (const r of records) {
    count("total");
    if (r.notJson) count("notJson");
    if (r.notDecodable) count("notDecodable");
    if (r.truncated) count("oversized");
    if (r.matchCut) count("matchCut");
    if (r.instanceId === null) {
      count("uncorrelated", r.topic);
      continue;
    }
    kept.push(r);
    if (r.step) count("seen", r.step.id);
    else count("unmatched");
    const k = `${r.instanceId}\u0000${r.run}`;
    const i = instances.get(k) ?? {
      id: r.instanceId,
      run: r.run,
      startedAt: r.at,
      lastEventAt: r.at,
      records: 0,
      ending: null,
    };
    i.records++;
    if (r.at < i.startedAt) i.startedAt = r.at;
    if (r.at > i.lastEventAt) i.lastEventAt = r.at;
    const ends = r.step?.ends;
    if (ends && (!i.ending || r.at < i.ending.at)) i.ending = { status: ends, at: r.at };
    instances.set(k, i);
  }
  // Sorted, so concurrent batches lock rows in one order.
  const byKey =
    <T>(key: (t: T) => string) =>
    (a: T, b: T) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  return {
    kept,
    instances: [...instances.values()].sort((a, b) => byKey<InstanceChange>((i) => i.id)(a, b) || a.run - b.run),
    counters: [...counters.values()].sort(byKey((c) => `${c.metric}\u0000${c.subject}`)),
  };
}

/** What one topic's records hold: `uncorrelated` ones have no instance, `unmatched` ones an instance and no step. */
export type TopicTally = {
  topic: string;
  records: number;
  notJson: number;
  notDecodable: number;
  oversized: number;
  unmatched: number;
  uncorrelated: number;
};

/** The records' tallies by topic, in order of first appearance (for the observer's /metrics). */
export function tallyByTopic(records: readonly ObservedRecord[]): TopicTally[] {
  const out = new Map<string, TopicTally>();
  for (const r of records) {
    const t = out.get(r.topic) ?? {
      topic: r.topic,
      records: 0,
      notJson: 0,
      notDecodable: 0,
      oversized: 0,
      unmatched: 0,
      uncorrelated: 0,
    };
    t.records++;
    if (r.notJson) t.notJson++;
    if (r.notDecodable) t.notDecodable++;
    if (r.truncated) t.oversized++;
    if (r.instanceId === null) t.uncorrelated++;
    else if (!r.step) t.unmatched++;
    out.set(r.topic, t);
  }
  return [...out.values()];
}
