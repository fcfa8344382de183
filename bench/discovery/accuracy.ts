// How right a proposal is against a saga's true definition (issue 27, point 4): the correlation
// is right when it groups the records the true one correlates into the same instances; a
// proposed step is right when it selects the same records as a true step (both read with the
// observer's own matching). Precision: right proposed steps over proposed steps; recall: true
// steps found over true steps that have records in the sample.
import { keyDecoding, type SagaDefinition } from "../../contracts/sagas";
import { decodeKey } from "../../services/observer/domain/keys";
import { correlationId, matchStep } from "../../services/observer/domain/record";
import type { SampledRecord } from "../../services/observer/domain/discovery/fields";

export type Accuracy = {
  correlationRight: boolean;
  truthCorrelation: string;
  proposedCorrelation: string;
  precision: number;
  recall: number;
  proposedSteps: number;
  trueSteps: number;
};

const LIMITS = { maxValueBytes: 1 << 20, maxIdLength: 200 };

/** Per record: its instance id and step id under a definition (null when uncorrelated or unmatched). */
export function labels(
  def: SagaDefinition,
  records: readonly SampledRecord[],
): { id: string | null; step: string | null }[] {
  const how = keyDecoding(def.correlation);
  return records.map((r) => {
    const key = r.key === null ? null : decodeKey(how, r.key);
    const json = r.value === null || typeof r.value !== "object" ? undefined : r.value;
    const id = correlationId(def.correlation, { key, headers: r.headers }, json, LIMITS);
    if (id === null) return { id, step: null };
    return { id, step: matchStep(def.steps, r.topic, { json, headers: r.headers, key })?.id ?? null };
  });
}

const describe = (d: SagaDefinition | null) => (d ? JSON.stringify(d.correlation) : "(none)");

function selections(ls: readonly { step: string | null }[]): Map<string, string> {
  const sets = new Map<string, number[]>();
  ls.forEach((l, i) => {
    if (l.step === null) return;
    const list = sets.get(l.step);
    if (list) list.push(i);
    else sets.set(l.step, [i]);
  });
  return new Map([...sets].map(([step, idx]) => [step, idx.join(",")]));
}

export function accuracy(
  truth: SagaDefinition,
  proposed: SagaDefinition | null,
  records: readonly SampledRecord[],
): Accuracy {
  const t = labels(truth, records);
  const trueSel = selections(t);
  const base = { truthCorrelation: describe(truth), proposedCorrelation: describe(proposed), trueSteps: trueSel.size };
  if (!proposed) return { ...base, correlationRight: false, precision: 0, recall: 0, proposedSteps: 0 };
  const p = labels(proposed, records);
  const forward = new Map<string, string | null>();
  const backward = new Map<string, string>();
  let right = true;
  t.forEach((l, i) => {
    if (l.id === null) return;
    const q = p[i]!.id;
    if (q === null || (forward.has(l.id) && forward.get(l.id) !== q) || (backward.has(q) && backward.get(q) !== l.id))
      right = false;
    forward.set(l.id, q);
    if (q !== null) backward.set(q, l.id);
  });
  const propSel = selections(p);
  const truthSets = new Set(trueSel.values());
  const propSets = new Set(propSel.values());
  const hits = [...propSel.values()].filter((s) => truthSets.has(s)).length;
  const found = [...trueSel.values()].filter((s) => propSets.has(s)).length;
  return {
    ...base,
    correlationRight: right,
    precision: propSel.size === 0 ? 0 : hits / propSel.size,
    recall: trueSel.size === 0 ? 1 : found / trueSel.size,
    proposedSteps: propSel.size,
  };
}
