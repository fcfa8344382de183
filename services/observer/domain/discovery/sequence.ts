// Which step follows which within instances (attach.md, "Proposing a definition from the
// traffic"): the steps in the order they come, those that close instances (last, with nothing
// after them), those that begin one again for a used id, and pairs that come in either order
// after the same step (replies running in parallel: branches). Records of an instance are taken
// by Kafka timestamp; records sharing a millisecond count as coming together. Pure.

export type Occurrence = { instance: string; step: number; timestamp: number };

export type StepFlow = {
  /** Mean place in its instances, 0 first to 1 last. */
  position: number;
  instances: number;
  ends: boolean;
  starts: boolean;
  /** Steps it runs in parallel with. */
  parallel: number[];
  /** The step it comes after, when it is parallel to another. */
  after: number | null;
};

const LAST_SHARE = 0.6;
const FOLLOWED_AT_MOST = 0.2;
const EITHER_ORDER = 0.15;
const MIN_TOGETHER = 3;

function instancesOf(occ: readonly Occurrence[]): Map<string, Occurrence[]> {
  const out = new Map<string, Occurrence[]>();
  for (const o of occ) {
    const list = out.get(o.instance);
    if (list) list.push(o);
    else out.set(o.instance, [o]);
  }
  for (const list of out.values()) list.sort((a, b) => a.timestamp - b.timestamp);
  return out;
}

export function stepFlows(occurrences: readonly Occurrence[], steps: number): StepFlow[] {
  const flows: StepFlow[] = Array.from({ length: steps }, () => ({
    position: 0,
    instances: 0,
    ends: false,
    starts: false,
    parallel: [],
    after: null,
  }));
  const last = new Array<number>(steps).fill(0);
  const followed = new Array<number>(steps).fill(0);
  const again = new Array<number>(steps).fill(0);
  // first[a][b]: instances where a's first record comes strictly before b's.
  const before = Array.from({ length: steps }, () => new Array<number>(steps).fill(0));
  const together = Array.from({ length: steps }, () => new Array<number>(steps).fill(0));
  for (const list of instancesOf(occurrences).values()) {
    const end = list[list.length - 1]!.timestamp;
    const firstAt = new Map<number, number>();
    const count = new Map<number, number>();
    list.forEach((o, i) => {
      if (!firstAt.has(o.step)) firstAt.set(o.step, o.timestamp);
      count.set(o.step, (count.get(o.step) ?? 0) + 1);
      flows[o.step]!.position += list.length > 1 ? i / (list.length - 1) : 0;
    });
    for (const [s, at] of firstAt) {
      flows[s]!.instances++;
      if (at === end) last[s]!++;
      if (list.some((o) => o.step !== s && o.timestamp > at)) followed[s]!++;
      if ((count.get(s) ?? 0) > 1) again[s]!++;
      for (const [t, tAt] of firstAt) {
        if (t === s) continue;
        together[s]![t]!++;
        if (at < tAt) before[s]![t]!++;
      }
    }
  }
  const placed = new Array<number>(steps).fill(0);
  for (const o of occurrences) placed[o.step]!++;
  for (let s = 0; s < steps; s++) {
    const f = flows[s]!;
    if (f.instances === 0) continue;
    f.position /= placed[s]!;
    f.ends = last[s]! / f.instances >= LAST_SHARE && followed[s]! / f.instances <= FOLLOWED_AT_MOST;
  }
  // Not an ending after all: a step that sometimes comes before another ending step, never after it
  // (a reply sharing its millisecond with the outcome it triggered).
  const endsBefore = flows.map(
    (f, a) => f.ends && flows.some((g, b) => g.ends && before[a]![b]! > 0 && before[b]![a]! === 0),
  );
  endsBefore.forEach((no, s) => no && (flows[s]!.ends = false));
  for (let a = 0; a < steps; a++)
    for (let b = 0; b < steps; b++) {
      const n = together[a]![b]!;
      if (a === b || n < MIN_TOGETHER || flows[a]!.ends || flows[b]!.ends) continue;
      if (before[a]![b]! / n >= EITHER_ORDER && before[b]![a]! / n >= EITHER_ORDER) flows[a]!.parallel.push(b);
    }
  for (let s = 0; s < steps; s++) {
    const f = flows[s]!;
    if (f.parallel.length === 0) continue;
    // The step before it in most of its instances, not itself in a parallel pair with it.
    let best: { step: number; share: number } | null = null;
    for (let a = 0; a < steps; a++) {
      if (a === s || f.parallel.includes(a) || flows[a]!.parallel.length > 0) continue;
      const share = before[a]![s]! / f.instances;
      if (share >= 0.8 && (!best || share > best.share)) best = { step: a, share };
    }
    f.after = best?.step ?? null;
  }
  // A step that is first and comes twice for an id begins a new run of it.
  const first = flows.map((f, s) => ({ f, s })).sort((x, y) => x.f.position - y.f.position)[0];
  if (first && again[first.s]! > 0) first.f.starts = true;
  return flows;
}
