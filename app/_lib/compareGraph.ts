// Two orders on the saga graph: each order's path in its own colour (an edge both took is drawn
// twice, side by side), failures and compensations still dashed, the rest greyed. Every node and
// edge names the orders in words. Orders of different modes get one graph each (their modes'
// graphs share no edge), in the same colours.
import type { SagaMode } from "../../contracts/topics";
import { formatMs } from "../../contracts/timings";
import { SIDE_NAME, type Side } from "./compare";
import { KIND_WORD, STATE_TONE, type EdgeModel, type NodeModel, type Tone } from "./graphModel";
import type { Journey } from "./journey";
import { MODE_EDGES, MODE_LABEL, MODE_NODES, nodeLabel, type NodeId } from "./topology";

export const SIDE_COLOR: Record<Side, string> = { a: "#1d4ed8", b: "#ea580c" };
/** How far apart the two drawings of an edge both orders took are bent. */
const SPLIT = 0.09;

function tone(tones: Tone[]): Tone {
  if (tones.every((t) => t === tones[0])) return tones[0];
  for (const t of ["failed", "compensated", "waiting", "active", "ok"] as const) if (tones.includes(t)) return t;
  return "muted";
}

type Model = { nodes: NodeModel[]; edges: EdgeModel[] };

/** The orders of `sides` (all of `mode`) on that mode's graph. */
function sidesModel(mode: SagaMode, sides: [Side, Journey][]): Model {
  const words = (f: (side: Side, j: Journey) => string) => sides.map(([side, j]) => f(side, j));
  const nodes = MODE_NODES[mode].map((id: NodeId): NodeModel => {
    const stepsAt = (j: Journey) =>
      j.steps.filter((s) => (id === "platform" ? s.edge?.to : s.edge?.from) === id).map((s) => s.n);
    const states = sides.map(([, j]) => j.nodes[id]);
    const state = states.every((s) => s === states[0])
      ? states[0]
      : words((side, j) => `${SIDE_NAME[side]} ${j.nodes[id]}`).join(" · ");
    const title = nodeLabel(mode, id);
    return {
      id,
      title,
      state,
      tone: tone(states.map((s) => STATE_TONE[s])),
      facts: sides.map(([side, j]) => ({ label: `${SIDE_NAME[side]} steps`, value: stepsAt(j).join(", ") || "–" })),
      ariaLabel: `${title}: ${words((side, j) => `order ${SIDE_NAME[side]} ${j.nodes[id]}`).join(", ")}`,
    };
  });

  const edges = MODE_EDGES[mode].flatMap((e): EdgeModel[] => {
    const kindWord = e.kind === "forward" ? "" : ` (${KIND_WORD[e.kind]})`;
    const takers = sides.filter(([, j]) => j.edges[e.id]?.taken);
    const base = { edge: e.id, topic: e.topic, from: e.from, to: e.to, kind: e.kind, labelAt: e.labelAt };
    if (takers.length === 0) {
      const neither = sides.length === 2 ? "taken by neither order" : `not taken by order ${SIDE_NAME[sides[0][0]]}`;
      return [
        {
          ...base,
          id: e.id,
          bend: e.bend,
          width: 1.5,
          label: e.short,
          taken: false,
          ariaLabel: `${e.name}${kindWord}: ${neither}`,
        },
      ];
    }
    return takers.map(([side, j]) => {
      const s = j.edges[e.id]!;
      const name = SIDE_NAME[side];
      const shift = takers.length === 2 ? (side === "a" ? SPLIT : -SPLIT) : 0;
      return {
        ...base,
        id: `${side}:${e.id}`,
        bend: e.bend + shift,
        width: 4,
        label: `${name} ${s.steps.map((n) => `#${n}`).join(" ")} · ${formatMs(s.ms)}`,
        taken: true,
        color: SIDE_COLOR[side],
        ariaLabel: `${e.name}${kindWord}: order ${name} step ${s.steps.join(" and ")}, ${formatMs(s.ms)}`,
      };
    });
  });
  return { nodes, edges };
}

/** Two orders of the same mode on one graph. */
export function compareModel(a: Journey, b: Journey): Model {
  return sidesModel(a.mode, [
    ["a", a],
    ["b", b],
  ]);
}

export type CompareGraph = Model & { mode: SagaMode; label: string };

/** One graph when both orders share a mode; otherwise each order on its own mode's graph. */
export function compareGraphs(a: Journey, b: Journey): CompareGraph[] {
  if (a.mode === b.mode)
    return [{ mode: a.mode, label: `Orders A and B on the ${a.mode} graph`, ...compareModel(a, b) }];
  return (
    [
      ["a", a],
      ["b", b],
    ] as [Side, Journey][]
  ).map(([side, j]) => ({
    mode: j.mode,
    label: `Order ${SIDE_NAME[side]} on the ${MODE_LABEL[j.mode].toLowerCase()} graph`,
    ...sidesModel(j.mode, [[side, j]]),
  }));
}
