// Two orders on one saga graph: each order's path in its own colour (a topic both took is drawn
// twice, side by side), failures and compensations still dashed, the rest greyed. Every node and
// edge names both orders in words.
import { formatMs } from "../../contracts/timings";
import { SIDE_NAME, type Side } from "./compare";
import { KIND_WORD, STATE_TONE, type EdgeModel, type NodeModel, type Tone } from "./graphModel";
import type { Journey } from "./journey";
import { NODE_IDS, NODE_LABEL, TOPIC_EDGES, type NodeId } from "./topology";

export const SIDE_COLOR: Record<Side, string> = { a: "#1d4ed8", b: "#ea580c" };
/** How far apart the two drawings of a topic both orders took are bent. */
const SPLIT = 0.09;

function tone(a: Tone, b: Tone): Tone {
  if (a === b) return a;
  for (const t of ["failed", "compensated", "waiting", "active", "ok"] as const) if (a === t || b === t) return t;
  return "muted";
}

export function compareModel(a: Journey, b: Journey): { nodes: NodeModel[]; edges: EdgeModel[] } {
  const both = { a, b };
  const nodes = NODE_IDS.map((id: NodeId): NodeModel => {
    const stepsAt = (j: Journey) => j.steps.filter((s) => (id === "platform" ? s.edge?.to : s.edge?.from) === id).map((s) => s.n);
    const state = a.nodes[id] === b.nodes[id] ? a.nodes[id] : `A ${a.nodes[id]} · B ${b.nodes[id]}`;
    const facts = (["a", "b"] as const).map((side) => ({ label: `${SIDE_NAME[side]} steps`, value: stepsAt(both[side]).join(", ") || "–" }));
    return {
      id,
      title: NODE_LABEL[id],
      state,
      tone: tone(STATE_TONE[a.nodes[id]], STATE_TONE[b.nodes[id]]),
      facts,
      ariaLabel: `${NODE_LABEL[id]}: order A ${a.nodes[id]}, order B ${b.nodes[id]}`,
    };
  });

  const edges = TOPIC_EDGES.flatMap((e): EdgeModel[] => {
    const kindWord = e.kind === "forward" ? "" : ` (${KIND_WORD[e.kind]})`;
    const takers = (["a", "b"] as const).filter((side) => both[side].edges[e.topic].taken);
    const base = { topic: e.topic, from: e.from, to: e.to, kind: e.kind };
    if (takers.length === 0) {
      return [{ ...base, id: e.topic, bend: e.bend, width: 1.5, label: e.topic, taken: false, ariaLabel: `${e.topic}${kindWord}: taken by neither order` }];
    }
    return takers.map((side) => {
      const s = both[side].edges[e.topic];
      const name = SIDE_NAME[side];
      const shift = takers.length === 2 ? (side === "a" ? SPLIT : -SPLIT) : 0;
      return {
        ...base,
        id: `${side}:${e.topic}`,
        bend: e.bend + shift,
        width: 4,
        label: `${name} ${s.steps.map((n) => `#${n}`).join(" ")} · ${formatMs(s.ms)}`,
        taken: true,
        color: SIDE_COLOR[side],
        ariaLabel: `${e.topic}${kindWord}: order ${name} step ${s.steps.join(" and ")}, ${formatMs(s.ms)}`,
      };
    });
  });
  return { nodes, edges };
}
