// The Socket.IO contract between the bridge (server/bridge) and the browser: typed event maps
// for both directions, the event record pushed for every saga message, and the snapshots a
// client receives when it (re)subscribes. Topic and envelope types come from the contracts.
import type { OrderSummary, SagaStep } from "./api";
import type { SagaMode, ServiceName, TopicName } from "./topics";

export const SOCKET_PATH = "/socket.io";

/** One Kafka record of a saga topic as the bridge saw it (a SagaStep plus where it came from). */
export type SagaEvent = SagaStep & {
  /** `${topic}/${partition}/${offset}`: unique per record, the dedupe key on screen. */
  id: string;
  orderId: string;
  /** The Kafka record key (the orderId for well-behaved producers). */
  key: string | null;
};

export function recordId(topic: TopicName, partition: number, offset: string): string {
  return `${topic}/${partition}/${offset}`;
}

/** Counters of one service node on the saga map. */
export type NodeCounts = {
  /** Messages on the service's input topics it has not answered yet. */
  inFlight: number;
  completed: number;
  failed: number;
  compensated: number;
  deadLettered: number;
  /** Consumer lag of the service's own group (sum over its input topics); null when unknown. */
  lag: number | null;
};

export type LatencySummary = { p50: number | null; p95: number | null; p99: number | null; samples: number };

export type BridgeStats = {
  /** Bridge clock (epoch ms) when these figures were taken. */
  at: number;
  orders: { created: number; completed: number; cancelled: number; inFlight: number };
  /** Orders reaching a terminal state per second, over the last 10 seconds. */
  throughput: number;
  /** Start (order-create, or the first stock-command) -> end (sagaEnding) occurredAt, recent orders of both modes. */
  latencyMs: LatencySummary;
  /** cancelled / (completed + cancelled); null before the first terminal order. */
  compensationRate: number | null;
  dlqDepth: number;
  /** Records per topic since the bridge started (duplicates by eventId counted once). */
  topics: Record<TopicName, number>;
  /** Orchestration's records per edge ("stock-command:take", "saga-reply:pay-fail"), counted the same way. */
  orchestrationEdges: Record<string, number>;
  /** Per service, both modes together. */
  nodes: Record<ServiceName, NodeCounts>;
  /** Per service, each mode's sagas alone (what each mode's map shows). */
  modes: Record<SagaMode, Record<ServiceName, NodeCounts>>;
  /** Records the bridge could not parse (not valid saga envelopes). */
  invalid: number;
};

export type FeedSnapshot = {
  /** Recent orders from the order service, newest first (empty if it did not answer). */
  orders: OrderSummary[];
  ordersError: string | null;
  /** The bridge's recent events, oldest first; everything later arrives in `feed:batch`. */
  events: SagaEvent[];
  stats: BridgeStats;
};

export type OrderSnapshot = { orderId: string; events: SagaEvent[] };

export type FeedBatch = { events: SagaEvent[]; stats: BridgeStats };

/** Sent to the `changes` feed: which topics moved in the last flush (for cache invalidation). */
export type ChangeNotice = { topics: Partial<Record<TopicName, number>>; orderIds: string[] };

export type FeedKind = "events" | "changes";

export type BridgeStatus = { kafka: "connecting" | "up" | "down"; detail?: string };

/**
 * The ack of a request the bridge refused. RATE_LIMITED carries when to ask again; a socket that
 * keeps sending refused requests is disconnected.
 */
export type SocketRefusal = {
  error: {
    code: "RATE_LIMITED" | "TOO_MANY_WATCHES" | "BAD_REQUEST" | "UNKNOWN_EVENT";
    message: string;
    retryAfterMs?: number;
  };
};

export const isRefusal = (reply: unknown): reply is SocketRefusal =>
  typeof reply === "object" &&
  reply !== null &&
  "error" in reply &&
  typeof (reply as SocketRefusal).error?.code === "string";

export interface ServerToClientEvents {
  "feed:batch": (batch: FeedBatch) => void;
  "feed:changes": (notice: ChangeNotice) => void;
  "order:events": (orderId: string, events: SagaEvent[]) => void;
  "bridge:status": (status: BridgeStatus) => void;
}

export interface ClientToServerEvents {
  /** Joins a feed; the ack carries the snapshot taken at the moment of joining, or a refusal. */
  "feed:subscribe": (kind: FeedKind, ack: (snapshot: FeedSnapshot | SocketRefusal) => void) => void;
  "feed:unsubscribe": (kind: FeedKind) => void;
  /** Joins one order's room; the ack carries that order's events the bridge still holds, or a refusal. */
  "order:watch": (orderId: string, ack: (snapshot: OrderSnapshot | SocketRefusal) => void) => void;
  "order:unwatch": (orderId: string) => void;
}

export const feedRoom = (kind: FeedKind) => `feed:${kind}`;
export const orderRoom = (orderId: string) => `order:${orderId}`;
