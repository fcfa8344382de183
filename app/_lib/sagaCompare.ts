// Two instances of one watched saga side by side (/sagas/:name/compare?a=..&b=..): their records
// matched by step id (the longest common run of step ids, as /compare matches two orders' hops),
// each with its time since its own instance's first record, the difference per matched step,
// and where the two paths part. An unmatched record (no step) never matches another. Records of
// branches that run at the same time (attach.md, "Branches") are grouped by branch within each
// stretch between records outside the branches, so an interleaving alone is no parting.
import { formatMs } from "../../contracts/timings";
import { alignSides, oneSide, SAME_WITHIN_MS, SIDE_NAME, type Side } from "./compare";
import type { TimelineRow } from "./sagaInstances";

export type ComparedStep = {
  /** The step id, "unmatched" for a record that matched no step. */
  name: string;
  a: TimelineRow | null;
  b: TimelineRow | null;
  /** B's time since its start minus A's, ms; null for a step only one instance took. */
  diffMs: number | null;
  /** `B later by 25 ms`, `same time`, `only A`. */
  verdict: string;
  /** The first step of a stretch only one instance took: the paths part here. */
  divergence: boolean;
};

const keyOf = (side: Side) => (r: TimelineRow) => r.record.step ?? `(unmatched ${side})#${r.n}`;

function matched(a: TimelineRow, b: TimelineRow): ComparedStep {
  const diffMs = b.sinceStartMs - a.sinceStartMs;
  const later: Side = diffMs > 0 ? "b" : "a";
  const verdict =
    Math.abs(diffMs) < SAME_WITHIN_MS ? "same time" : `${SIDE_NAME[later]} later by ${formatMs(Math.abs(diffMs))}`;
  return { name: a.name, a, b, diffMs, verdict, divergence: false };
}

/** Each stretch of consecutive branch records, grouped by branch name (each branch keeps its own order). */
export function byBranch(rows: readonly TimelineRow[]): TimelineRow[] {
  const out: TimelineRow[] = [];
  let stretch: TimelineRow[] = [];
  const flush = () => {
    const names = [...new Set(stretch.map((r) => r.record.branch!))].sort();
    for (const name of names) out.push(...stretch.filter((r) => r.record.branch === name));
    stretch = [];
  };
  for (const r of rows) {
    if (r.record.branch === null) {
      flush();
      out.push(r);
    } else stretch.push(r);
  }
  flush();
  return out;
}

/** Both instances' records in order, one row per step; where they part ways, A's come first. */
export function compareInstances(inA: readonly TimelineRow[], inB: readonly TimelineRow[]): ComparedStep[] {
  const [a, b] = [byBranch(inA), byBranch(inB)];
  const rows = alignSides<TimelineRow, ComparedStep>(a, b, [a.map(keyOf("a")), b.map(keyOf("b"))], {
    pair: matched,
    only: (side, r) => ({ name: r.name, ...oneSide(side, r), diffMs: null, divergence: false }),
  });
  rows.forEach((r, i) => {
    r.divergence = r.diffMs === null && (i === 0 || rows[i - 1].diffMs !== null);
  });
  return rows;
}

const pathOf = (rows: ComparedStep[], side: Side) => {
  const names = rows.flatMap((r) => (r[side] ? [r.name] : []));
  return names.length ? names.join(" → ") : "no step";
};

/** In words: the same path, or where the two first part and what each took until they meet again. */
export function divergenceText(rows: readonly ComparedStep[]): string {
  const at = rows.findIndex((r) => r.divergence);
  if (at < 0) return `Same path: ${rows.length} ${rows.length === 1 ? "step" : "steps"}.`;
  let end = at + 1;
  while (end < rows.length && rows[end].diffMs === null) end++;
  const stretch = rows.slice(at, end);
  const where = at === 0 ? "at the start" : `after ${rows[at - 1].name}`;
  return `The paths part ${where}: A took ${pathOf(stretch, "a")}, B took ${pathOf(stretch, "b")}.`;
}

/** Ticking an instance to compare keeps the last two ticked. */
export function pickTwo(picked: readonly string[], id: string, on: boolean): string[] {
  const rest = picked.filter((x) => x !== id);
  return on ? [...rest, id].slice(-2) : rest;
}

/** An instance to compare: its id, and its run where ids run again (null: the latest). */
export type InstanceRef = { id: string; run: number | null };

/** `?a=<id>&b=<id>`, with `ra`/`rb` for the runs when given. */
export function sagaCompareHref(name: string, a: string | InstanceRef, b: string | InstanceRef): string {
  const [x, y] = [a, b].map((r) => (typeof r === "string" ? { id: r, run: null } : r)) as [InstanceRef, InstanceRef];
  const q = new URLSearchParams({ a: x.id.trim(), b: y.id.trim() });
  if (x.run) q.set("ra", String(x.run));
  if (y.run) q.set("rb", String(y.run));
  return `/sagas/${encodeURIComponent(name)}/compare?${q.toString()}`;
}
