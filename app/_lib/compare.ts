// Two orders' journeys set side by side: their steps aligned hop by hop (the same step is the
// same hop; a branch one order took and the other did not stays one-sided), and per hop which
// order was slower, by how much, and where the difference went (Kafka wait, handler, outbox).
// Across modes a reply is the hop of the event it stands for (saga-reply (pay-fail) is pay-fail),
// and the orchestrator's first command and final notices are the hops of order-create,
// order-complete and order-cancel; the other commands have no twin in choreography.
import { formatMs, type StepTiming } from "../../contracts/timings";
import { edgeIdOf, outcomeOf, type EdgeId } from "../../shared/eventEdges";
import type { Journey, JourneyStep } from "./journey";

export type Side = "a" | "b";
export const SIDE_NAME: Record<Side, string> = { a: "A", b: "B" };

type Part = "Kafka wait" | "handler" | "outbox";

export type HopDiff = {
  /** b minus a, ms (positive: B took longer). */
  diffMs: number;
  slower: Side | null;
  /** The part of the hop whose difference points the same way and is largest. */
  mostly: Part | null;
  verdict: string;
};

/** The hop's name: the step's name, or both when the two orders' steps differ ("order-create / stock-command (take)"). */
export type AlignedHop = {
  name: string;
  a: JourneyStep | null;
  b: JourneyStep | null;
  diff: HopDiff | null;
  verdict: string;
};

const TWIN: Partial<Record<EdgeId, EdgeId>> = {
  "stock-command:take": "order-create",
  "notification-command:completed": "order-complete",
  "notification-command:cancelled": "order-cancel",
};

/** What makes two steps the same hop, in either mode. */
export function hopKey(s: JourneyStep): string {
  const outcome = s.step.topic === "saga-reply" ? outcomeOf(s.step.envelope) : null;
  if (outcome) return outcome.type;
  const id = edgeIdOf(s.step.envelope);
  return id ? (TWIN[id] ?? id) : `${s.step.topic}:${s.n}`;
}

/** Differences under a millisecond are clock noise, not a slower order. */
export const SAME_WITHIN_MS = 1;

function verdictOf(diffMs: number, mostly: Part | null): Pick<HopDiff, "slower" | "verdict"> {
  if (Math.abs(diffMs) < SAME_WITHIN_MS) return { slower: null, verdict: "same time" };
  const slower: Side = diffMs > 0 ? "b" : "a";
  return {
    slower,
    verdict: `${SIDE_NAME[slower]} slower by ${formatMs(Math.abs(diffMs))}${mostly ? ` (mostly ${mostly})` : ""}`,
  };
}

export function hopDiff(a: StepTiming, b: StepTiming): HopDiff {
  const diffMs = b.totalMs - a.totalMs;
  const parts: [Part, number][] = [
    ["Kafka wait", (b.kafkaWaitMs ?? 0) - (a.kafkaWaitMs ?? 0)],
    ["handler", (b.handlerMs ?? 0) - (a.handlerMs ?? 0)],
    ["outbox", b.outboxMs - a.outboxMs],
  ];
  const same = parts.filter(([, d]) => Math.sign(d) === Math.sign(diffMs) && Math.abs(d) >= SAME_WITHIN_MS);
  const mostly = same.length ? same.reduce((m, p) => (Math.abs(p[1]) > Math.abs(m[1]) ? p : m))[0] : null;
  return { diffMs, mostly, ...verdictOf(diffMs, mostly) };
}

/** Longest common subsequence of the two hop sequences: index pairs of the shared hops. */
function commonHops(a: readonly string[], b: readonly string[]): [number, number][] {
  const len = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--)
      len[i][j] = a[i] === b[j] ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (len[i + 1][j] >= len[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

/** A row only one side has: the other side empty. */
export function oneSide<T>(side: Side, x: T): { a: T | null; b: T | null; verdict: string } {
  return { a: side === "a" ? x : null, b: side === "b" ? x : null, verdict: `only ${SIDE_NAME[side]}` };
}

/**
 * Two sequences side by side, by their keys: the longest common run of keys paired, what lies
 * between two pairs one-sided (A's first). Orders' hops here, watched instances' steps in sagaCompare.ts.
 */
export function alignSides<T, R>(
  a: readonly T[],
  b: readonly T[],
  keys: [readonly string[], readonly string[]],
  make: { pair: (x: T, y: T) => R; only: (side: Side, x: T) => R },
): R[] {
  const rows: R[] = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...commonHops(keys[0], keys[1]), [a.length, b.length] as [number, number]]) {
    for (; i < pi; i++) rows.push(make.only("a", a[i]));
    for (; j < pj; j++) rows.push(make.only("b", b[j]));
    if (pi < a.length && pj < b.length) rows.push(make.pair(a[i++], b[j++]));
  }
  return rows;
}

/** Both journeys' steps in saga order, one row per hop; where they part ways, A's steps come first. */
export function alignJourneys(a: Journey, b: Journey): AlignedHop[] {
  return alignSides<JourneyStep, AlignedHop>(a.steps, b.steps, [a.steps.map(hopKey), b.steps.map(hopKey)], {
    only: (side, s) => ({ name: s.name, ...oneSide(side, s), diff: null }),
    pair: (x, y) => {
      const diff = hopDiff(x.timing, y.timing);
      return { name: x.name === y.name ? x.name : `${x.name} / ${y.name}`, a: x, b: y, diff, verdict: diff.verdict };
    },
  });
}

/** The whole saga: first event to last publish. */
export function totalDiff(a: Journey, b: Journey): { diffMs: number; slower: Side | null; verdict: string } | null {
  if (a.totalMs === null || b.totalMs === null) return null;
  const diffMs = b.totalMs - a.totalMs;
  return { diffMs, ...verdictOf(diffMs, null) };
}
