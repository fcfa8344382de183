// The order of one instance's records (attach.md, "Order within an instance"): by Kafka timestamp;
// records within clockSkewMs of each other (a chain of them) are ordered by cause: a step after
// the steps its `after` names, then a step that ends the instance after every step that does
// not, then steps in file order, then topic, partition and offset. Pure.
import type { StepDefinition } from "../../../contracts/sagas";

export type Orderable = { step: string | null; at: Date; topic: string; partition: number; offset: string };

type Ranked<T> = { r: T; ends: number; index: number; after: readonly string[]; step: string | null };

const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const cmpOffset = (a: string, b: string) => a.length - b.length || cmpText(a, b);

function tie<T extends Orderable>(a: Ranked<T>, b: Ranked<T>): number {
  return (
    a.ends - b.ends ||
    a.index - b.index ||
    cmpText(a.r.topic, b.r.topic) ||
    a.r.partition - b.r.partition ||
    cmpOffset(a.r.offset, b.r.offset)
  );
}

/** One cluster by cause: repeatedly the least record (by `tie`) none of whose `after` steps is still waiting. */
function byCause<T extends Orderable>(cluster: Ranked<T>[]): T[] {
  if (cluster.length === 1) return [cluster[0]!.r];
  const left = [...cluster].sort(tie);
  const out: T[] = [];
  while (left.length > 0) {
    const waiting = new Set(left.map((x) => x.step));
    // `after` never runs in a circle (the definition refuses it), so some record is always free.
    const i = left.findIndex((x) => !x.after.some((a) => waiting.has(a) && a !== x.step));
    const [next] = left.splice(i < 0 ? 0 : i, 1);
    out.push(next!.r);
  }
  return out;
}

export function causalOrder<T extends Orderable>(
  records: readonly T[],
  steps: readonly StepDefinition[],
  clockSkewMs: number,
): T[] {
  const info = new Map(steps.map((s, index) => [s.id, { index, ends: s.ends ? 1 : 0, after: s.after }]));
  const ranked = records.map((r): Ranked<T> => {
    const s = r.step === null ? undefined : info.get(r.step);
    return { r, step: r.step, ends: s?.ends ?? 0, index: s?.index ?? steps.length, after: s?.after ?? [] };
  });
  ranked.sort((a, b) => a.r.at.getTime() - b.r.at.getTime() || tie(a, b));
  const out: T[] = [];
  let cluster: Ranked<T>[] = [];
  for (const x of ranked) {
    const last = cluster[cluster.length - 1];
    if (last && x.r.at.getTime() - last.r.at.getTime() > clockSkewMs) {
      out.push(...byCause(cluster));
      cluster = [];
    }
    cluster.push(x);
  }
  if (cluster.length > 0) out.push(...byCause(cluster));
  return out;
}
