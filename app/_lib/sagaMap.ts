// The map of a watched saga (attach.md) as plain data for SagaGraph: its services as nodes on an
// ellipse in the definition's order, each step as one edge per consumer, labelled with the step
// id and how many records it saw (or, on an instance's journey, its step numbers). A step nobody
// consumes runs to an "outside" node; edges between the same two services bend apart.
import type { SagaInstanceView, SagaStepView, SagaSummary } from "../../contracts/sagas";
import { KIND_WORD, type EdgeModel, type NodeModel, type Tone } from "./graphModel";

export const OUTSIDE = "(outside)";
const OUTSIDE_LABEL = "Outside (no consumer)";

type Point = { x: number; y: number };
export type SagaMapModel = { nodes: NodeModel[]; edges: EdgeModel[]; positions: Record<string, Point> };

/** One drawn edge per step and consumer. */
type Hop = { step: SagaStepView; to: string };

function hops(steps: SagaStepView[]): Hop[] {
  return steps.flatMap((step) => (step.to.length ? step.to.map((to) => ({ step, to })) : [{ step, to: OUTSIDE }]));
}

/** Nodes around an ellipse, the first on the left; the outside node below the middle. */
export function layout(ids: string[]): Record<string, Point> {
  const inner = ids.filter((id) => id !== OUTSIDE);
  const rx = Math.max(380, inner.length * 110);
  const ry = Math.max(230, inner.length * 60);
  const out: Record<string, Point> = {};
  inner.forEach((id, i) => {
    const a = Math.PI + (2 * Math.PI * i) / inner.length;
    out[id] = { x: Math.round(rx + rx * Math.cos(a)), y: Math.round(ry + ry * Math.sin(a) * (inner.length === 2 ? 0 : 1)) };
  });
  if (ids.includes(OUTSIDE)) out[OUTSIDE] = { x: rx, y: 2 * ry + 260 };
  return out;
}

/**
 * Edges sharing two ends fan out: 0.12, 0.3, 0.48… to the left of each one's direction. Where
 * edges run both ways between two services, each label sits nearer its own source, so the two
 * labels of a vertical pair do not lie side by side on top of each other.
 */
function placements(list: Hop[]): { bend: number; labelAt: number }[] {
  const seen = new Map<string, number>();
  const pairs = new Set(list.map((h) => `${h.step.from}>${h.to}`));
  return list.map((h) => {
    const key = `${h.step.from}>${h.to}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const twoWay = pairs.has(`${h.to}>${h.step.from}`);
    return { bend: h.step.from === h.to ? 0.5 : 0.12 + 0.18 * n, labelAt: twoWay ? 0.35 : 0.5 };
  });
}

function serviceNodes(saga: SagaSummary, list: Hop[], state: (id: string) => { state: string; tone: Tone; facts: NodeModel["facts"] }): NodeModel[] {
  const ids = saga.services.map((s) => s.id);
  if (list.some((h) => h.to === OUTSIDE)) ids.push(OUTSIDE);
  const label = new Map(saga.services.map((s) => [s.id, s.label]));
  return ids.map((id) => {
    const title = id === OUTSIDE ? OUTSIDE_LABEL : (label.get(id) ?? id);
    const s = state(id);
    return { id, title, ...s, ariaLabel: `${title}: ${s.state}` };
  });
}

/** What an edge is, whatever it shows: its step, its ends and its place. */
function edgeBase(h: Hop, place: { bend: number; labelAt: number }) {
  return { id: `${h.step.id}>${h.to}`, edge: h.step.id, topic: h.step.topic, from: h.step.from, to: h.to, kind: h.step.kind, inferred: h.step.toInferred, ...place };
}

const kindWord = (s: SagaStepView) => (s.kind === "forward" ? "" : ` (${KIND_WORD[s.kind]})`);
const target = (saga: SagaSummary, to: string) => (to === OUTSIDE ? OUTSIDE_LABEL : (saga.services.find((s) => s.id === to)?.label ?? to));

/** The live map: each step's edge labelled `step-id · seen`. */
export function liveSagaMap(saga: SagaSummary, seen: Record<string, number>): SagaMapModel {
  const list = hops(saga.steps);
  const placed = placements(list);
  const max = Math.max(0, ...Object.values(seen));
  const edges = list.map((h, i): EdgeModel => {
    const n = seen[h.step.id] ?? 0;
    const inferred = h.step.toInferred ? ", consumer inferred" : "";
    return {
      ...edgeBase(h, placed[i]),
      width: max > 0 ? 1.5 + (4.5 * n) / max : 1.5,
      label: `${h.step.id}${h.step.toInferred ? " (inferred)" : ""} · ${n}`,
      taken: null,
      ariaLabel: `${h.step.id}${kindWord(h.step)}: ${h.step.topic}, from ${target(saga, h.step.from)} to ${target(saga, h.to)}${inferred}, ${n} records`,
    };
  });
  const published = (id: string) => saga.steps.filter((s) => s.from === id).reduce((sum, s) => sum + (seen[s.id] ?? 0), 0);
  const nodes = serviceNodes(saga, list, (id) => {
    const n = published(id);
    return { state: id === OUTSIDE ? "not watched" : `${n} ${n === 1 ? "record" : "records"} published`, tone: n > 0 ? "ok" : "idle", facts: [] };
  });
  return { nodes, edges, positions: layout(nodes.map((n) => n.id)) };
}

/** One instance's journey: the steps it took numbered on their edges, the others greyed. */
export function instanceSagaMap(saga: SagaSummary, instance: SagaInstanceView): SagaMapModel {
  const list = hops(saga.steps);
  const placed = placements(list);
  const numbers = new Map<string, number[]>();
  instance.steps.forEach((r, i) => r.step && numbers.set(r.step, [...(numbers.get(r.step) ?? []), i + 1]));
  const edges = list.map((h, i): EdgeModel => {
    const ns = numbers.get(h.step.id) ?? [];
    const taken = ns.length > 0;
    return {
      ...edgeBase(h, placed[i]),
      width: taken ? 4 : 1.5,
      label: taken ? `${ns.map((n) => `#${n}`).join(" ")} ${h.step.id}` : h.step.id,
      taken,
      ariaLabel: `${h.step.id}${kindWord(h.step)}: ${taken ? `step ${ns.join(" and ")}, taken` : "not taken"}`,
    };
  });
  const nodes = serviceNodes(saga, list, (id) => {
    const steps = instance.steps.flatMap((r, i) => (r.from === id || (id !== OUTSIDE && r.to.includes(id)) ? [i + 1] : []));
    return steps.length
      ? { state: "reached", tone: "ok", facts: [{ label: steps.length > 1 ? "steps" : "step", value: steps.join(", ") }] }
      : { state: "not reached", tone: "muted", facts: [] };
  });
  return { nodes, edges, positions: layout(nodes.map((n) => n.id)) };
}
