// What the saga graph shows, as plain data: for the live map (counts per node, recent use per
// edge) and for one order's journey (state per node, step numbers per edge). Every node and edge
// gets an accessible name that states its meaning in words, so nobody has to read colours.
// Each mode has its own graph: the topics of choreography, or orchestration's hub and spokes.
import type { BridgeStats, NodeCounts } from "../../contracts/socket";
import type { SagaMode, ServiceName, TopicName } from "../../contracts/topics";
import type { EdgeId } from "../../shared/eventEdges";
import { edgeWidth } from "./eventWindow";
import type { Journey, NodeState } from "./journey";
import type { ServiceOps } from "./operations";
import { formatMs } from "../../contracts/timings";
import { MODE_EDGES, MODE_NODES, nodeLabel, type EdgeKind, type NodeId } from "./topology";

export type Tone = "idle" | "ok" | "active" | "failed" | "compensated" | "muted" | "waiting";

export type NodeModel = {
  /** A node of the built-in saga's map, or a service of a watched saga. */
  id: NodeId | (string & {});
  title: string;
  state: string;
  tone: Tone;
  facts: { label: string; value: string }[];
  ariaLabel: string;
};

export type EdgeModel = {
  id: string;
  /** The graph edge drawn (several drawings of one edge when comparing two orders); a step id on a watched saga's map. */
  edge: EdgeId | (string & {});
  topic: Exclude<TopicName, "saga-dlq"> | (string & {});
  from: NodeId | (string & {});
  to: NodeId | (string & {});
  kind: EdgeKind;
  bend: number;
  labelAt?: number;
  width: number;
  label: string;
  /** Journey: taken or not; live map: null. */
  taken: boolean | null;
  /** The step picked on the journey page runs along this edge. */
  selected?: boolean;
  /** Drawn in this colour instead of its kind's (one colour per order when comparing two). */
  color?: string;
  /** Its consumers were inferred from the consumer groups, not written in the definition. */
  inferred?: boolean;
  ariaLabel: string;
};

export const KIND_WORD: Record<EdgeKind, string> = {
  forward: "forward step",
  failure: "failure",
  compensation: "compensation",
};

/** A mode's counts per service: orchestration's from its commands and replies, choreography's from its topics. */
function countsOf(stats: BridgeStats | null, mode: SagaMode, id: ServiceName): NodeCounts | undefined {
  return stats?.modes[mode][id];
}

/**
 * The live map of one mode. `usage` is by edge id (recent orders per edge). `ops` (health and
 * faults from the operator views) marks a service that is down and names the faults in force;
 * its backlog is the lag of its consumer group.
 */
export function liveModel(
  stats: BridgeStats | null,
  usage: Partial<Record<string, number>>,
  ops?: Partial<Record<Exclude<NodeId, "platform">, ServiceOps>>,
  mode: SagaMode = "choreography",
): { nodes: NodeModel[]; edges: EdgeModel[] } {
  const nodes = MODE_NODES[mode].map((id): NodeModel => {
    const title = nodeLabel(mode, id);
    if (id === "platform") {
      const told = stats?.topics["notification-send"] ?? 0;
      return {
        id,
        title,
        state: `${told} notified`,
        tone: told ? "ok" : "idle",
        facts: [],
        ariaLabel: `${title}: ${told} notifications received`,
      };
    }
    const c = countsOf(stats, mode, id);
    const facts = [
      { label: "in flight", value: String(c?.inFlight ?? 0) },
      { label: "completed", value: String(c?.completed ?? 0) },
      { label: "failed", value: String(c?.failed ?? 0) },
      { label: "compensated", value: String(c?.compensated ?? 0) },
      { label: "lag", value: c?.lag === null || c?.lag === undefined ? "?" : String(c.lag) },
    ];
    if (c?.deadLettered) facts.push({ label: "dead-lettered", value: String(c.deadLettered) });
    const op = ops?.[id];
    if (op?.fault) facts.push({ label: "fault", value: op.fault });
    let tone: Tone = c?.deadLettered ? "failed" : c?.inFlight ? "active" : c?.completed ? "ok" : "idle";
    let state = c?.inFlight ? `${c.inFlight} in flight` : "idle";
    if (op?.fault) {
      tone = "waiting";
      state = `fault: ${op.fault}`;
    }
    if (op?.down) {
      tone = "failed";
      state = "down";
    }
    const said = op?.down || op?.fault ? `${state}, ` : "";
    return {
      id,
      title,
      state,
      tone,
      facts,
      ariaLabel: `${title}: ${said}${facts.map((f) => `${f.label} ${f.value}`).join(", ")}`,
    };
  });
  const edgesOfMode = MODE_EDGES[mode];
  const max = Math.max(0, ...edgesOfMode.map((e) => usage[e.id] ?? 0));
  const edges = edgesOfMode.map((e): EdgeModel => {
    const n = usage[e.id] ?? 0;
    return {
      id: e.id,
      edge: e.id,
      topic: e.topic,
      from: e.from,
      to: e.to,
      kind: e.kind,
      bend: e.bend,
      labelAt: e.labelAt,
      width: edgeWidth(n, max),
      label: `${e.short} · ${n}`,
      taken: null,
      ariaLabel: `${e.name}: ${KIND_WORD[e.kind]} from ${nodeLabel(mode, e.from)} to ${nodeLabel(mode, e.to)}, ${n} recent orders`,
    };
  });
  return { nodes, edges };
}

export const STATE_TONE: Record<NodeState, Tone> = {
  completed: "ok",
  notified: "ok",
  cancelled: "compensated",
  "in progress": "active",
  failed: "failed",
  compensated: "compensated",
  waiting: "waiting",
  "not reached": "muted",
  "dead-lettered": "failed",
};

export function journeyModel(
  j: Journey,
  selectedStep: number | null = null,
): { nodes: NodeModel[]; edges: EdgeModel[] } {
  // A service's steps are the events it published; the platform's are the ones it received.
  const stepsAt = (id: NodeId) =>
    j.steps.filter((s) => (id === "platform" ? s.edge?.to : s.edge?.from) === id).map((s) => s.n);
  const nodes = MODE_NODES[j.mode].map((id): NodeModel => {
    const state = j.nodes[id];
    const reached = stepsAt(id);
    const facts = reached.length ? [{ label: reached.length > 1 ? "steps" : "step", value: reached.join(", ") }] : [];
    const title = nodeLabel(j.mode, id);
    return { id, title, state, tone: STATE_TONE[state], facts, ariaLabel: `${title}: ${state}` };
  });
  const edges = MODE_EDGES[j.mode].map((e): EdgeModel => {
    const s = j.edges[e.id] ?? { taken: false, steps: [], ms: null };
    const kindWord = e.kind === "forward" ? "" : ` (${KIND_WORD[e.kind]})`;
    const label = s.taken ? `${s.steps.map((n) => `#${n}`).join(" ")} ${e.short} · ${formatMs(s.ms)}` : e.short;
    const selected = selectedStep !== null && s.steps.includes(selectedStep);
    const ariaLabel = s.taken
      ? `${e.name}${kindWord}: step ${s.steps.join(" and ")}, taken, ${formatMs(s.ms)}${selected ? `, step ${selectedStep} selected` : ""}`
      : `${e.name}${kindWord}: not taken`;
    return {
      id: e.id,
      edge: e.id,
      topic: e.topic,
      from: e.from,
      to: e.to,
      kind: e.kind,
      bend: e.bend,
      labelAt: e.labelAt,
      width: s.taken ? 4 : 1.5,
      label,
      taken: s.taken,
      selected,
      ariaLabel,
    };
  });
  return { nodes, edges };
}
