// Which field carries the instance id (attach.md, "Proposing a definition from the traffic"):
// values that recur across topics, neither constant nor unique per record, each value alive for
// a short time compared with the sample. Every field is scored 0 to 1, best first. Pure.
import type { CorrelationCandidate } from "../../../../contracts/sagas/discovery";
import { splitField, type FieldedRecord, type FieldId } from "./fields";

type ValueStats = { count: number; topics: Set<string>; first: number; last: number };
type FieldStats = { records: number; perTopic: Map<string, number>; values: Map<string, ValueStats> };

export type ScoredField = CorrelationCandidate & { id: FieldId; coverage: Map<string, number> };

/** A value should gather the records of one instance: more per value than this looks like a category. */
const RECORDS_PER_INSTANCE = 20;
/** Fields present in fewer of a topic's records than this, on every topic, are not looked at. */
const MIN_PRESENCE = 0.2;
const MIN_ALIVE = 0.05;
const SOURCE_ORDER = { key: 0, header: 1, path: 2 } as const;
/** Of a key that reads alike in two decodings (a UUID's text), the plainer one. */
const KEY_ORDER = ["string", "long", "int", "uuid", "hex"];
const keyRank = (c: { source: string; field: string }) => (c.source === "key" ? KEY_ORDER.indexOf(c.field) : 0);

function collect(records: readonly FieldedRecord[]): Map<FieldId, FieldStats> {
  const stats = new Map<FieldId, FieldStats>();
  for (const r of records) {
    for (const [id, v] of r.fields) {
      let s = stats.get(id);
      if (!s) stats.set(id, (s = { records: 0, perTopic: new Map(), values: new Map() }));
      s.records++;
      s.perTopic.set(r.topic, (s.perTopic.get(r.topic) ?? 0) + 1);
      const vs = s.values.get(v);
      if (vs) {
        vs.count++;
        vs.topics.add(r.topic);
        vs.first = Math.min(vs.first, r.timestamp);
        vs.last = Math.max(vs.last, r.timestamp);
      } else s.values.set(v, { count: 1, topics: new Set([r.topic]), first: r.timestamp, last: r.timestamp });
    }
  }
  return stats;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)]!;
}

/** Every field worth proposing, scored, best first. */
export function rankCorrelations(records: readonly FieldedRecord[]): ScoredField[] {
  const perTopic = new Map<string, number>();
  let [from, to] = [Infinity, -Infinity];
  for (const r of records) {
    perTopic.set(r.topic, (perTopic.get(r.topic) ?? 0) + 1);
    from = Math.min(from, r.timestamp);
    to = Math.max(to, r.timestamp);
  }
  const span = records.length > 0 ? to - from : 0;
  const topicCount = perTopic.size;
  const out: ScoredField[] = [];
  for (const [id, s] of collect(records)) {
    const coverage = new Map([...perTopic].map(([t, n]) => [t, (s.perTopic.get(t) ?? 0) / n]));
    if (![...coverage.values()].some((c) => c >= MIN_PRESENCE)) continue;
    const distinct = s.values.size;
    if (distinct < 2) continue; // constant
    let recurring = 0;
    let crossing = 0;
    const spans: number[] = [];
    for (const v of s.values.values()) {
      if (v.count >= 2) recurring += v.count;
      if (v.topics.size >= 2) crossing++;
      spans.push(v.last - v.first);
    }
    const recurrence = recurring / s.records;
    if (recurrence === 0) continue; // unique per record
    const cover = [...coverage.values()].reduce((a, b) => a + b, 0) / topicCount;
    const fine = Math.min(1, RECORDS_PER_INSTANCE / (s.records / distinct));
    const across = topicCount > 1 ? 0.5 + 0.5 * (crossing / distinct) : 1;
    // Floored: sagas that all run the whole sample long are still ranked by the rest.
    const alive = span > 0 ? Math.max(MIN_ALIVE, 1 - median(spans) / span) : 1;
    const score = cover * recurrence * fine * across * alive;
    const { source, name } = splitField(id);
    out.push({
      id,
      source,
      field: name,
      score: Math.round(score * 1000) / 1000,
      instances: distinct,
      topics: [...s.perTopic.keys()].sort(),
      coverage,
    });
  }
  return out.sort(
    (a, b) =>
      b.score - a.score ||
      SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] ||
      keyRank(a) - keyRank(b) ||
      a.field.length - b.field.length ||
      a.field.localeCompare(b.field),
  );
}

/** The topics a correlation field is absent from, or present in under half their records. */
export const uncoveredTopics = (best: ScoredField): string[] =>
  [...best.coverage].filter(([, c]) => c < 0.5).map(([t]) => t);
