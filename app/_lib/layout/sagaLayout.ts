// A watched saga's map laid out by ELK's layered algorithm (elkjs), left to right in the order
// records flow. Each step is a node of its own, its label, between its publisher and its
// consumers: one edge in, one out to each consumer, so a step read by several services is one
// labelled bundle, and ELK keeps every label clear of the others and of the services.
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import type { SagaMapModel, StepModel } from "../sagaMap";
import { flowOrder } from "./flowOrder";
import { serviceSize, stepSize } from "./boxes";

export type Point = { x: number; y: number };
export type Box = Point & { width: number; height: number };
/** One drawn line: the publisher to its step's label ("in"), or the label to one consumer ("out"). */
export type RoutedEdge = { id: string; step: string; role: "in" | "out"; from: string; to: string; points: Point[] };
export type SagaLayout = {
  width: number;
  height: number;
  services: Record<string, Box>;
  steps: Record<string, Box>;
  edges: RoutedEdge[];
};

const svc = (id: string) => `svc:${id}`;
const stp = (id: string) => `step:${id}`;

const OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.edgeRouting": "ORTHOGONAL",
  // Replies, failures and compensations run back against the flow: ELK reverses the edges that
  // point against the children's order, which is the flow order below.
  "elk.layered.cycleBreaking.strategy": "MODEL_ORDER",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
  "elk.layered.spacing.nodeNodeBetweenLayers": "56",
  "elk.layered.spacing.edgeNodeBetweenLayers": "20",
  "elk.spacing.nodeNode": "22",
  "elk.spacing.edgeNode": "14",
  "elk.spacing.edgeEdge": "10",
  "elk.padding": "[top=16,left=16,bottom=16,right=16]",
  "elk.layered.thoroughness": "20",
  "elk.randomSeed": "1",
};

/** The lines drawn: per step, its publisher to its label, then its label to each consumer. */
function edgeList(model: SagaMapModel): Omit<RoutedEdge, "points">[] {
  return model.steps.flatMap((s) => [
    { id: `in:${s.id}`, step: s.id, role: "in" as const, from: s.from, to: s.id },
    ...s.to.map((to) => ({ id: `out:${s.id}>${to}`, step: s.id, role: "out" as const, from: s.id, to })),
  ]);
}

/** A service's box: tall enough for its text, and for its lines to come in some 16 px apart. */
function serviceBox(model: SagaMapModel, n: SagaMapModel["nodes"][number]) {
  const lines = model.steps.reduce((k, s) => k + (s.from === n.id ? 1 : 0) + s.to.filter((t) => t === n.id).length, 0);
  const size = serviceSize(n);
  return { ...size, height: Math.max(size.height, 16 * (lines + 1)) };
}

/** ELK's input: services and step labels in flow order (then lane, then file order), and their edges. */
export function elkGraph(model: SagaMapModel): ElkNode {
  const order = flowOrder(model);
  const rank = (id: string) => order.rank.get(id) ?? 0;
  // A step sits between the nearest of its two ends and the next rank.
  const stepKey = (s: StepModel) => Math.min(rank(s.from), ...s.to.map(rank)) + 0.5;
  const branched = order.lanes.length > 1;
  type Entry = { node: ElkNode; key: number; lane: number; index: number };
  const entries: Entry[] = [
    ...model.nodes.map((n, index) => ({
      node: { id: svc(n.id), ...serviceBox(model, n) },
      key: rank(n.id),
      lane: order.serviceLane.get(n.id) ?? 0,
      index,
    })),
    ...model.steps.map((s, index) => ({
      node: { id: stp(s.id), ...stepSize(s) },
      key: stepKey(s),
      lane: order.stepLane.get(s.id) ?? 0,
      index: 1000 + index,
    })),
  ];
  entries.sort((a, b) => a.key - b.key || a.lane - b.lane || a.index - b.index);
  if (branched) {
    // Lanes top to bottom: within each layer ELK keeps the nodes in the order of these places.
    for (const e of entries)
      e.node.layoutOptions = { "elk.position": `(${Math.round(e.key * 100)},${e.lane * 100000 + e.index})` };
  }
  const edges: ElkExtendedEdge[] = edgeList(model).map((e) => ({
    id: e.id,
    sources: [e.role === "in" ? svc(e.from) : stp(e.step)],
    targets: [e.role === "in" ? stp(e.step) : svc(e.to)],
  }));
  const layoutOptions = branched ? { ...OPTIONS, "elk.layered.crossingMinimization.semiInteractive": "true" } : OPTIONS;
  return { id: "saga", layoutOptions, children: entries.map((e) => e.node), edges };
}

const round = (p: Point): Point => ({ x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 });
const boxOf = (n: ElkNode): Box => ({
  ...round({ x: n.x ?? 0, y: n.y ?? 0 }),
  width: n.width ?? 0,
  height: n.height ?? 0,
});

/** ELK's answer as boxes per service and step, and each edge's route as a polyline. */
export function readLayout(model: SagaMapModel, laid: ElkNode): SagaLayout {
  const byId = new Map((laid.children ?? []).map((c) => [c.id, c]));
  const services = Object.fromEntries(model.nodes.map((n) => [n.id, boxOf(byId.get(svc(n.id))!)]));
  const steps = Object.fromEntries(model.steps.map((s) => [s.id, boxOf(byId.get(stp(s.id))!)]));
  const meta = new Map(edgeList(model).map((e) => [e.id, e]));
  const edges = (laid.edges ?? []).map((e): RoutedEdge => {
    const section = (e as ElkExtendedEdge).sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(round) : [];
    return { ...meta.get(e.id)!, points };
  });
  return { width: Math.ceil(laid.width ?? 0), height: Math.ceil(laid.height ?? 0), services, steps, edges };
}

/** `run` is ELK's layout: `new ELK().layout` in tests, a web worker's in the browser. */
export async function layoutSagaMap(
  run: (graph: ElkNode) => Promise<ElkNode>,
  model: SagaMapModel,
): Promise<SagaLayout> {
  return readLayout(model, await run(elkGraph(model)));
}

/** What the layout depends on, as text: the same key, the same layout (live counts left out). */
export function layoutKey(model: SagaMapModel): string {
  const nodes = model.nodes.map((n) => [n.id, serviceBox(model, n).height]);
  const steps = model.steps.map((s) => [s.id, s.from, s.to, s.kind, s.branch, stepSize(s).width]);
  return JSON.stringify([nodes, steps]);
}
