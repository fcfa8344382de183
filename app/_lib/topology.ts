// The saga's shape as the dashboard draws it: which service publishes and which consumes each
// topic, whether a topic is a forward step or part of a compensation, and what comes next.
import { HOP_KIND, type HopKind } from "../../contracts/saga-steps";
import type { CancelReason, ServiceName, TopicName } from "../../contracts/topics";

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

export type EdgeKind = Exclude<HopKind, "dead-letter">;

export type EdgeTopic = Exclude<TopicName, "saga-dlq">;

export type TopicEdge = {
  topic: EdgeTopic;
  from: ServiceName;
  to: NodeId;
  kind: EdgeKind;
  /** Perpendicular bend of the drawn edge (0 = straight), so parallel edges do not overlap. */
  bend: number;
  description: string;
};

/** Every saga topic except saga-dlq, as an edge from its producer to its consumer. */
const EDGE_PLACES: Omit<TopicEdge, "kind">[] = [
  { topic: "order-create", from: "order", to: "stock", bend: 0, description: "order stored as PENDING" },
  { topic: "stock-decrease", from: "stock", to: "balance", bend: 0, description: "stock taken, order priced" },
  { topic: "pay-complete", from: "balance", to: "order", bend: 0.1, description: "points deducted" },
  { topic: "order-complete", from: "order", to: "notification", bend: 0.12, description: "order COMPLETED" },
  { topic: "stock-decrease-fail", from: "stock", to: "order", bend: 0.35, description: "stock could not be taken" },
  { topic: "pay-fail", from: "balance", to: "stock", bend: 0.35, description: "points could not be deducted" },
  { topic: "stock-restore", from: "stock", to: "order", bend: 0.7, description: "stock put back" },
  { topic: "order-cancel", from: "order", to: "notification", bend: -0.12, description: "order CANCELLED" },
  { topic: "notification-send", from: "notification", to: "platform", bend: 0, description: "mail / alarm sent" },
  { topic: "pay-refund", from: "balance", to: "order", bend: -0.25, description: "points refunded (cancelled after payment)" },
];
/** Forward, failure or compensation: HOP_KIND (contracts), shared with the trace export. */
export const TOPIC_EDGES: TopicEdge[] = EDGE_PLACES.map((e) => ({ ...e, kind: HOP_KIND[e.topic] as EdgeKind }));

export const EDGE_BY_TOPIC = Object.fromEntries(TOPIC_EDGES.map((e) => [e.topic, e])) as Record<EdgeTopic, TopicEdge>;

/** Which topics each service's own consumer group reads (saga.md, topics table). */
export const INPUT_TOPICS: Record<ServiceName, TopicName[]> = {
  order: ["stock-decrease-fail", "pay-complete", "stock-restore"],
  stock: ["order-create", "pay-fail"],
  balance: ["stock-decrease"],
  notification: ["order-complete", "order-cancel"],
};

/** Where each service node sits on the map (top-left corner, pixels). */
export const NODE_POSITION: Record<NodeId, { x: number; y: number }> = {
  order: { x: 0, y: 170 },
  stock: { x: 380, y: 0 },
  balance: { x: 760, y: 170 },
  notification: { x: 380, y: 360 },
  platform: { x: 760, y: 500 },
};
export const NODE_SIZE = { width: 220, height: 112 };

export type Expectation = { topics: TopicName[]; service: ServiceName; what: string };

/**
 * What the saga waits for next, given the set of topics seen for one order; null when the saga
 * has finished (notification sent) or is stuck in the DLQ.
 */
export function expectedNext(seen: ReadonlySet<TopicName>): Expectation | null {
  if (seen.has("notification-send") || seen.has("saga-dlq")) return null;
  if (seen.has("order-complete") || seen.has("order-cancel"))
    return { topics: ["notification-send"], service: "notification", what: "tell the external platform" };
  if (seen.has("stock-restore")) return { topics: ["order-cancel"], service: "order", what: "cancel the order" };
  if (seen.has("pay-fail")) return { topics: ["stock-restore"], service: "stock", what: "put the stock back" };
  if (seen.has("pay-complete")) return { topics: ["order-complete"], service: "order", what: "complete the order" };
  if (seen.has("stock-decrease-fail")) return { topics: ["order-cancel"], service: "order", what: "cancel the order" };
  if (seen.has("stock-decrease"))
    return { topics: ["pay-complete", "pay-fail"], service: "balance", what: "deduct the points" };
  if (seen.has("order-create"))
    return { topics: ["stock-decrease", "stock-decrease-fail"], service: "stock", what: "take the stock" };
  return { topics: ["order-create"], service: "order", what: "publish the new order" };
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
