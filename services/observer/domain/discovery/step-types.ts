// Per topic, the field whose few values split its records into step types (attach.md,
// "Proposing a definition from the traffic"): a `type`, a `status`, a header `eventType`. Only
// fields named like a type are taken, and only when the saga's topics mostly carry several types
// each: a saga of one event per topic (as choreographies are often built) gets one step per topic,
// even where a topic has a status-like field of its payload. A type is split once more by a
// second field when its parts go through different steps (splitsBehaviour). Pure.
import { splitField, type FieldedRecord, type FieldId } from "./fields";

export type StepPart = {
  topic: string;
  /** The type field and its value; null for a topic that is one step. */
  type: { field: FieldId; value: string } | null;
  sub: { field: FieldId; value: string } | null;
  records: FieldedRecord[];
};

const TYPE_NAME = /(type|status|action|outcome|event|kind|state|command|stage|phase|step)$/i;
export const TYPE_LIMITS = { maxValues: 20, presence: 0.9, maxSubValues: 6 };
const NOT_TEXT = new Set(["true", "false", "null"]);

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** A field named as an id (`userId`, `order_id`, `ref`) holds identities, not categories, whatever its values. */
const ID_NAME = /(^id$|[a-z0-9]Id$|[._-]id$|^ref$|Ref$|[._-]ref$|^key$)/;

/** A category: text with a letter (not a number, a boolean), a few values, each of several records. */
function categorical(field: FieldId, values: Map<string, number>, records: number, maxValues: number): boolean {
  if (ID_NAME.test(splitField(field).name.split(".").pop()!)) return false;
  if (values.size < 2 || values.size > maxValues || records / values.size < 2) return false;
  return [...values.keys()].every((v) => /\p{L}/u.test(v) && !NOT_TEXT.has(v));
}

function valueCounts(records: readonly FieldedRecord[], skip: Set<FieldId>): Map<FieldId, Map<string, number>> {
  const out = new Map<FieldId, Map<string, number>>();
  for (const r of records)
    for (const [id, v] of r.fields) {
      if (skip.has(id) || id.startsWith("key:")) continue;
      const m = out.get(id) ?? new Map<string, number>();
      out.set(id, m.set(v, (m.get(v) ?? 0) + 1));
    }
  return out;
}

/** Does a's value always tell b's (a refines b)? */
function refines(records: readonly FieldedRecord[], a: FieldId, b: FieldId): boolean {
  const seen = new Map<string, string | undefined>();
  for (const r of records) {
    const va = r.fields.get(a);
    if (va === undefined) continue;
    const vb = r.fields.get(b);
    if (seen.has(va) && seen.get(va) !== vb) return false;
    seen.set(va, vb);
  }
  return true;
}

/** The field named like a type that splits a topic's records, or null. */
export function typeField(records: readonly FieldedRecord[], correlation: FieldId): FieldId | null {
  const counts = valueCounts(records, new Set([correlation]));
  const named = [...counts]
    .filter(([id, values]) => {
      const present = [...values.values()].reduce((a, b) => a + b, 0);
      return (
        TYPE_NAME.test(splitField(id).name) &&
        present >= TYPE_LIMITS.presence * records.length &&
        categorical(id, values, present, TYPE_LIMITS.maxValues)
      );
    })
    .map(([id, values]) => ({ id, values: values.size }));
  // The finest: a field whose values tell another's (an outcome tells its producer) wins.
  named.sort((x, y) => y.values - x.values || x.id.length - y.id.length);
  const best = named.find((c) => named.every((o) => o === c || refines(records, c.id, o.id))) ?? named[0];
  return best?.id ?? null;
}

/** The parts of every topic: records (those carrying the correlation) split into step types. */
export function stepParts(records: readonly FieldedRecord[], correlation: FieldId): StepPart[] {
  const byTopic = new Map<string, FieldedRecord[]>();
  for (const r of records) if (r.fields.has(correlation)) pushTo(byTopic, r.topic, r);
  const fields = new Map([...byTopic].map(([t, rs]) => [t, typeField(rs, correlation)]));
  const typed = [...fields.values()].filter((f) => f !== null).length;
  const split = typed * 2 >= byTopic.size;
  const parts: StepPart[] = [];
  for (const [topic, rs] of byTopic) {
    const field = split ? fields.get(topic)! : null;
    if (field === null) {
      parts.push({ topic, type: null, sub: null, records: rs });
      continue;
    }
    const groups = new Map<string, FieldedRecord[]>();
    for (const r of rs) {
      const v = r.fields.get(field);
      if (v !== undefined) pushTo(groups, v, r);
    }
    for (const [value, grs] of groups) parts.push({ topic, type: { field, value }, sub: null, records: grs });
  }
  return parts;
}

/**
 * Each typed part that ends instances by failing (`ends` says which) split by a second category
 * when its values go through different steps: the way attach.md's endings tell a refusal with
 * nothing to undo from a cancellation after compensations. Other types are left whole.
 */
export function subSplit(parts: StepPart[], correlation: FieldId, ends: (part: number) => boolean): StepPart[] {
  const labelOf = new Map<FieldedRecord, string>();
  parts.forEach((p, i) => p.records.forEach((r) => labelOf.set(r, String(i))));
  const labels = new Map<string, Set<string>>();
  for (const [r, l] of labelOf) {
    const id = r.fields.get(correlation)!;
    labels.set(id, (labels.get(id) ?? new Set()).add(l));
  }
  return parts.flatMap((p, i) => {
    if (p.type === null || !ends(i)) return [p];
    const skip = new Set([correlation, p.type.field]);
    const counts = [...valueCounts(p.records, skip)].filter(
      ([field, vs]) =>
        [...vs.values()].reduce((a, b) => a + b, 0) === p.records.length &&
        categorical(field, vs, p.records.length, TYPE_LIMITS.maxSubValues),
    );
    for (const [field, vs] of counts.sort((a, b) => a[1].size - b[1].size)) {
      const byValue = [...vs.keys()].map((value) => ({
        value,
        instances: [
          ...new Set(p.records.filter((r) => r.fields.get(field) === value).map((r) => r.fields.get(correlation)!)),
        ],
      }));
      if (!splitsBehaviour(byValue, labels, String(i))) continue;
      return byValue.map(({ value }) => ({
        ...p,
        sub: { field, value },
        records: p.records.filter((r) => r.fields.get(field) === value),
      }));
    }
    return [p];
  });
}

/** How many of a part's instances may have it alone before it is taken for stray records. */
const ALONE_SHARE = 0.9;

/**
 * Parts whose records stand alone in their instance (an id with one audit note, nothing else)
 * are not steps of this saga: left out, unless nothing else would be left.
 */
export function withoutLoneParts(parts: StepPart[], correlation: FieldId): { kept: StepPart[]; lone: StepPart[] } {
  const partsOf = new Map<string, Set<number>>();
  parts.forEach((p, i) =>
    p.records.forEach((r) => {
      const id = r.fields.get(correlation)!;
      partsOf.set(id, (partsOf.get(id) ?? new Set()).add(i));
    }),
  );
  const lone = parts.map((p) => {
    const ids = new Set(p.records.map((r) => r.fields.get(correlation)!));
    const alone = [...ids].filter((id) => partsOf.get(id)!.size === 1).length;
    return parts.length > 1 && alone >= ALONE_SHARE * ids.size && ids.size > 0;
  });
  if (lone.every(Boolean)) return { kept: parts, lone: [] };
  return { kept: parts.filter((_, i) => !lone[i]), lone: parts.filter((_, i) => lone[i]) };
}

// Whether the values of a second field make different steps of one type: the instances of each
// value go through different other steps (a cancellation for want of funds comes after
// "insufficient funds", one after a rejected credit after "credit rejected"). A field that does
// not change what happens around the record (a currency, a channel) does not split it.

/** How far apart the share of instances going through a step must be, between two values. */
const APART = 0.8;
/** Instances each value needs before its behaviour is trusted. */
const MIN_INSTANCES = 2;

export function splitsBehaviour(
  byValue: readonly { value: string; instances: readonly string[] }[],
  labels: ReadonlyMap<string, ReadonlySet<string>>,
  own: string,
): boolean {
  if (byValue.length < 2 || byValue.some((v) => v.instances.length < MIN_INSTANCES)) return false;
  const shares = byValue.map(({ instances }) => {
    const n = new Map<string, number>();
    for (const id of instances) for (const l of labels.get(id) ?? []) if (l !== own) n.set(l, (n.get(l) ?? 0) + 1);
    return new Map([...n].map(([l, c]) => [l, c / instances.length]));
  });
  const all = new Set(shares.flatMap((s) => [...s.keys()]));
  for (let i = 0; i < shares.length; i++)
    for (let j = i + 1; j < shares.length; j++) {
      const apart = [...all].some((l) => Math.abs((shares[i]!.get(l) ?? 0) - (shares[j]!.get(l) ?? 0)) >= APART);
      if (!apart) return false;
    }
  return true;
}
