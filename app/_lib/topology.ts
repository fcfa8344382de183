// The saga's shape as the dashboard draws it, per mode: which service publishes and which
// consumes each edge (a topic in choreography; a command or reply variant in orchestration),
// whether it is a forward step, a failure or part of a compensation, where the nodes sit, and
// what comes next.
import { HOP_KIND, hopKind, type HopKind } from "../../contracts/saga-steps";
import type { AnyEnvelope } from "../../contracts/envelope";
import type { CancelReason, SagaMode, ServiceName, TopicName } from "../../contracts/topics";
import { edgeName, edgeTopic, type ChoreographyTopic, type EdgeId, type OrchestrationEdgeId } from "../../shared/eventEdges";
import { nextInChoreography, nextInOrchestration, type Expectation } from "./nextStep";

export type { Expectation } from "./nextStep";

export const SERVICE_LABEL: Record<ServiceName, string> = {
  order: "Order service",
  stock: "Stock service",
  balance: "Balance service",
  notification: "Notification service",
};

export const SERVICE_ORDER: ServiceName[] = ["order", "stock", "balance", "notification"];

/** Map nodes: the four services and the external platform that notification-send reaches. */
export type NodeId = ServiceName | "platform";
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

type Place<Id extends EdgeId> = { id: Id; from: ServiceName; to: NodeId; bend: number; labelAt?: number; description: string };

/** Every choreography topic except saga-dlq, as an edge from its producer to its consumer. */
const CHOREOGRAPHY_PLACES: Place<ChoreographyTopic>[] = [
  { id: "order-create", from: "order", to: "stock", bend: 0, description: "order stored as PENDING" },
  { id: "stock-decrease", from: "stock", to: "balance", bend: 0, description: "stock taken, order priced" },
  { id: "pay-complete", from: "balance", to: "order", bend: 0.1, description: "points deducted" },
  { id: "order-complete", from: "order", to: "notification", bend: 0.12, description: "order COMPLETED" },
  { id: "stock-decrease-fail", from: "stock", to: "order", bend: 0.35, description: "stock could not be taken" },
  { id: "pay-fail", from: "balance", to: "stock", bend: 0.35, description: "points could not be deducted" },
  { id: "stock-restore", from: "stock", to: "order", bend: 0.7, description: "stock put back" },
  { id: "order-cancel", from: "order", to: "notification", bend: -0.12, description: "order CANCELLED" },
  { id: "notification-send", from: "notification", to: "platform", bend: 0, description: "mail / alarm sent" },
  // Its label near the balance service: halfway it would lie on order-cancel's arrowhead.
  { id: "pay-refund", from: "balance", to: "order", bend: -0.25, labelAt: 0.25, description: "points refunded (cancelled after payment)" },
];

/**
 * Orchestration: commands out from the orchestrator, replies back on saga-reply. On each spoke
 * the commands bend to one side and the replies to the other (a positive bend is to the left of
 * the edge's direction), the undoing ones further out.
 */
const ORCHESTRATION_PLACES: Place<OrchestrationEdgeId>[] = [
  { id: "stock-command:take", from: "order", to: "stock", bend: 0.1, description: "take the stock" },
  { id: "stock-command:restore", from: "order", to: "stock", bend: 0.3, description: "put the stock back" },
  { id: "saga-reply:stock-decrease", from: "stock", to: "order", bend: 0.1, description: "stock taken, order priced" },
  { id: "saga-reply:stock-decrease-fail", from: "stock", to: "order", bend: 0.28, description: "stock could not be taken" },
  { id: "saga-reply:stock-restore", from: "stock", to: "order", bend: 0.46, description: "stock put back" },
  { id: "balance-command:charge", from: "order", to: "balance", bend: 0.1, description: "deduct the points" },
  { id: "balance-command:refund", from: "order", to: "balance", bend: 0.3, description: "refund the points" },
  { id: "saga-reply:pay-complete", from: "balance", to: "order", bend: 0.1, description: "points deducted" },
  { id: "saga-reply:pay-fail", from: "balance", to: "order", bend: 0.28, description: "points could not be deducted" },
  { id: "saga-reply:pay-refund", from: "balance", to: "order", bend: 0.46, description: "points refunded" },
  // The notification spoke is vertical: its labels lie across it, so its edges spread wider and
  // the command's label sits high, the reply's low.
  { id: "notification-command:completed", from: "order", to: "notification", bend: 0.2, labelAt: 0.3, description: "tell the platform: COMPLETED" },
  { id: "notification-command:cancelled", from: "order", to: "notification", bend: 0.5, description: "tell the platform: CANCELLED" },
  { id: "saga-reply:notification-send", from: "notification", to: "order", bend: 0.2, labelAt: 0.3, description: "mail / alarm sent" },
];

/** The kind of an orchestration edge is hopKind's for the events along it. */
function orchestrationKind(id: OrchestrationEdgeId): EdgeKind {
  const [topic, variant] = id.split(":");
  if (topic === "saga-reply") return HOP_KIND[variant as TopicName] as EdgeKind;
  if (topic === "notification-command") return variant === "cancelled" ? "compensation" : "forward";
  return hopKind({ type: topic, payload: { action: variant } } as Pick<AnyEnvelope, "type" | "payload">) as EdgeKind;
}

export const CHOREOGRAPHY_EDGES: GraphEdge[] = CHOREOGRAPHY_PLACES.map((p) => ({
  ...p,
  name: p.id,
  short: p.id,
  topic: p.id,
  mode: "choreography",
  kind: HOP_KIND[p.id] as EdgeKind,
}));

export const ORCHESTRATION_EDGES: GraphEdge[] = ORCHESTRATION_PLACES.map((p) => ({
  ...p,
  name: edgeName(p.id),
  short: p.id.split(":")[1],
  topic: edgeTopic(p.id),
  mode: "orchestration",
  kind: orchestrationKind(p.id),
}));

export const MODE_EDGES: Record<SagaMode, GraphEdge[]> = { choreography: CHOREOGRAPHY_EDGES, orchestration: ORCHESTRATION_EDGES };

export const EDGE_BY_ID = Object.fromEntries([...CHOREOGRAPHY_EDGES, ...ORCHESTRATION_EDGES].map((e) => [e.id, e])) as Record<EdgeId, GraphEdge>;

/** Where each node sits on each mode's map (top-left corner, pixels). */
export const NODE_POSITIONS: Record<SagaMode, Record<NodeId, { x: number; y: number }>> = {
  choreography: {
    order: { x: 0, y: 170 },
    stock: { x: 380, y: 0 },
    balance: { x: 760, y: 170 },
    notification: { x: 380, y: 360 },
    platform: { x: 760, y: 500 },
  },
  orchestration: {
    order: { x: 420, y: 230 },
    stock: { x: -140, y: 230 },
    balance: { x: 980, y: 230 },
    notification: { x: 420, y: 640 },
    platform: { x: 980, y: 640 },
  },
};
export const NODE_SIZE = { width: 220, height: 112 };

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
