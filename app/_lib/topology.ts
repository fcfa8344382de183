// The saga's shape as the dashboard draws it, per mode: which service publishes and which
// consumes each edge (a topic in choreography; a command or reply variant in orchestration),
// whether it is a forward step, a failure or part of a compensation, where the nodes sit, and
// what comes next. The edges and the services are the built-in saga's definition
// (builtInSaga.ts, sagas/orders.json); only how they are drawn is laid out by hand
// (topologyLayout.ts).
import type { HopKind } from "../../contracts/saga-steps";
import type { SagaDefinition, StepDefinition } from "../../contracts/sagas";
import type { CancelReason, SagaMode, ServiceName, TopicName } from "../../contracts/topics";
import { edgeName, edgeTopic, type EdgeId } from "../../shared/eventEdges";
import { BUILT_IN_SAGA, servicesOf, stepEdge } from "./builtInSaga";
import { nextInChoreography, nextInOrchestration, type Expectation } from "./nextStep";
import { STEP_LAYOUT, type NodeId, type StepLayout } from "./topologyLayout";

export type { Expectation } from "./nextStep";
export { NODE_POSITIONS, NODE_SIZE, type NodeId } from "./topologyLayout";

const SERVICES_OF_SAGA = servicesOf(BUILT_IN_SAGA);

export const SERVICE_LABEL = Object.fromEntries(SERVICES_OF_SAGA.map((s) => [s.id, s.label])) as Record<
  ServiceName,
  string
>;

export const SERVICE_ORDER: ServiceName[] = SERVICES_OF_SAGA.map((s) => s.id);
export const NODE_IDS: NodeId[] = [...SERVICE_ORDER, "platform"];
export const NODE_LABEL: Record<NodeId, string> = { ...SERVICE_LABEL, platform: "External platform" };

/** The nodes each mode draws: orchestration is a hub and three spokes, no platform hop on Kafka. */
export const MODE_NODES: Record<SagaMode, NodeId[]> = { choreography: NODE_IDS, orchestration: SERVICE_ORDER };

/** A node's title on a mode's graph: the order service is the orchestrator in orchestration. */
export function nodeLabel(mode: SagaMode, id: NodeId): string {
  return mode === "orchestration" && id === "order" ? "Order service (orchestrator)" : NODE_LABEL[id];
}

export type EdgeKind = Exclude<HopKind, "dead-letter">;

export type EdgeTopic = Exclude<TopicName, "saga-dlq">;

export type GraphEdge = {
  /** The topic in choreography, topic:variant in orchestration (eventEdges.ts). */
  id: EdgeId;
  /** How steps and accessible names call it: the topic, or "stock-command (take)". */
  name: string;
  /** Short text drawn on the edge. */
  short: string;
  topic: EdgeTopic;
  mode: SagaMode;
  from: ServiceName;
  to: NodeId;
  kind: EdgeKind;
  /** Perpendicular bend of the drawn edge (0 = straight), so parallel edges do not overlap. */
  bend: number;
  /** Where along the curve its label sits (0 at the source, 1 at the target; 0.5 unless given). */
  labelAt?: number;
  description: string;
};

/**
 * What does not fit between the definition's steps and their layout: a step without one, a layout
 * that names no step, a step no service consumes without the node it is drawn to, or one that a
 * service consumes with one.
 */
export function layoutProblems(
  steps: readonly StepDefinition[],
  layout: Readonly<Record<string, StepLayout>>,
): string[] {
  const ids = new Set(steps.map((s) => s.id));
  const problems = Object.keys(layout)
    .filter((id) => !ids.has(id))
    .map((id) => `the layout of ${id} names no step`);
  for (const step of steps) {
    const place = layout[step.id];
    const consumer = step.to?.[0];
    if (!place) problems.push(`step ${step.id} has no layout`);
    else if (!consumer && !place.drawnTo)
      problems.push(`step ${step.id} is consumed by no service: its layout needs drawnTo`);
    else if (consumer && place.drawnTo)
      problems.push(`step ${step.id} goes to ${consumer}: its layout must not name drawnTo`);
  }
  return problems;
}

/** Every step of a definition as the edge its mode draws, in the layout's order. */
export function graphEdges(definition: SagaDefinition, layout: Readonly<Record<string, StepLayout>>): GraphEdge[] {
  const problems = layoutProblems(definition.steps, layout);
  if (problems.length > 0) throw new Error(`the built-in saga's map (topologyLayout.ts): ${problems.join("; ")}`);
  const order = Object.keys(layout);
  return definition.steps
    .map(stepEdge)
    .sort((a, b) => order.indexOf(a.step) - order.indexOf(b.step))
    .map(({ step, id, mode, from, to, kind }) => {
      const { drawnTo, ...place } = layout[step]!;
      return {
        id,
        name: edgeName(id),
        short: id.slice(id.indexOf(":") + 1),
        topic: edgeTopic(id),
        mode,
        from,
        to: to ?? drawnTo!,
        kind,
        ...place,
      };
    });
}

const EDGES = graphEdges(BUILT_IN_SAGA, STEP_LAYOUT);

/** Every choreography topic except saga-dlq, as an edge from its producer to its consumer. */
export const CHOREOGRAPHY_EDGES: GraphEdge[] = EDGES.filter((e) => e.mode === "choreography");

/** Orchestration: commands out from the orchestrator, replies back on saga-reply. */
export const ORCHESTRATION_EDGES: GraphEdge[] = EDGES.filter((e) => e.mode === "orchestration");

export const MODE_EDGES: Record<SagaMode, GraphEdge[]> = {
  choreography: CHOREOGRAPHY_EDGES,
  orchestration: ORCHESTRATION_EDGES,
};

export const EDGE_BY_ID = Object.fromEntries(
  [...CHOREOGRAPHY_EDGES, ...ORCHESTRATION_EDGES].map((e) => [e.id, e]),
) as Record<EdgeId, GraphEdge>;

/**
 * What the saga waits for next, given the edges seen for one order (plus "saga-dlq"); null when
 * the saga has finished (notification sent) or is stuck in the DLQ.
 */
export function expectedNext(seen: ReadonlySet<string>, mode: SagaMode = "choreography"): Expectation | null {
  return mode === "orchestration" ? nextInOrchestration(seen) : nextInChoreography(seen);
}

export const REASON_TEXT: Record<CancelReason, string> = {
  OUT_OF_STOCK: "out of stock",
  UNKNOWN_PRODUCT: "unknown product",
  INVALID_QUANTITY: "invalid quantity",
  INSUFFICIENT_BALANCE: "insufficient balance",
  UNKNOWN_USER: "unknown user",
  TIMEOUT: "timed out",
};

export function reasonText(reason: string | null | undefined): string {
  if (!reason) return "no reason given";
  return (REASON_TEXT as Record<string, string>)[reason] ?? reason.toLowerCase().replaceAll("_", " ");
}

export const MODE_LABEL: Record<SagaMode, string> = { choreography: "Choreography", orchestration: "Orchestration" };
