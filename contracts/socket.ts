// The Socket.IO contract between the bridge (server/bridge) and the browser: typed event maps
// for both directions, the event record pushed for every saga message, and the snapshots a
// client receives when it (re)subscribes. Topic and envelope types come from the contracts.
import { z } from "zod";
import type { OrderSummary, SagaStep } from "./api";
import { SagaEnding } from "./sagas/definition";
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

// Watched sagas (issue 27): what the observer stored, pushed by the bridge to a saga's room and
// to an instance's room. The observer streams WatchedFeedLine to the bridge (GET /feed, NDJSON).

/** One stored record of a watched saga, without its value (the instance's page reads that). */
export const WatchedRecord = z.object({
  /** null: its correlation value could not be read. */
  instanceId: z.string().nullable(),
  run: z.number().int(),
  /** null: it matched no step. */
  step: z.string().nullable(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  /** The record's Kafka timestamp (ISO-8601). */
  at: z.string(),
});
export type WatchedRecord = z.infer<typeof WatchedRecord>;

/** What a batch changed of one instance: its records in the batch, their first and last times, the ending one brought. */
export const WatchedInstanceChange = z.object({
  id: z.string(),
  run: z.number().int(),
  records: z.number().int(),
  firstAt: z.string(),
  lastAt: z.string(),
  ending: SagaEnding.nullable(),
});
export type WatchedInstanceChange = z.infer<typeof WatchedInstanceChange>;

/** The saga's counters a batch moved (`seen` per step id, `uncorrelated` per topic, the rest subject ""). */
export const WatchedCounter = z.object({
  metric: z.enum(["total", "notJson", "notDecodable", "oversized", "matchCut", "unmatched", "seen", "uncorrelated"]),
  subject: z.string(),
  delta: z.number().int(),
});
export type WatchedCounter = z.infer<typeof WatchedCounter>;

/**
 * Records of one saga stored since the last push: every counter and instance change, and the
 * newest records (at most a few hundred; `omitted` says how many more there were).
 */
export const WatchedBatch = z.object({
  saga: z.string(),
  records: z.array(WatchedRecord),
  omitted: z.number().int().min(0),
  instances: z.array(WatchedInstanceChange),
  counters: z.array(WatchedCounter),
});
export type WatchedBatch = z.infer<typeof WatchedBatch>;

/** A line of the observer's feed: `resync` says lines were dropped (a slow reader): refetch. */
export const WatchedFeedLine = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hello"), sagas: z.array(z.string()) }),
  z.object({ type: z.literal("batch"), batch: WatchedBatch }),
  z.object({ type: z.literal("resync"), dropped: z.number().int() }),
  z.object({ type: z.literal("ping") }),
]);
export type WatchedFeedLine = z.infer<typeof WatchedFeedLine>;

export const WATCHED_FEED_PATH = "/feed";

/** A saga name or instance id a socket may ask for (saga names are short; ids at most 200 characters). */
export const validWatchedName = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= 200;

export type SagaRoomSnapshot = { saga: string };
export type SagaInstanceRoomSnapshot = { saga: string; id: string };

export interface ServerToClientEvents {
  "feed:batch": (batch: FeedBatch) => void;
  "feed:changes": (notice: ChangeNotice) => void;
  "order:events": (orderId: string, events: SagaEvent[]) => void;
  "bridge:status": (status: BridgeStatus) => void;
  /** To a saga's room: what was stored since the last push. */
  "saga:batch": (batch: WatchedBatch) => void;
  /** To an instance's room: its records and what they changed. */
  "saga:instance": (saga: string, records: WatchedRecord[], change: WatchedInstanceChange) => void;
  /** Pushes were lost (the bridge reconnected to the observer, or fell behind): read the saga again. */
  "saga:resync": (saga: string | null) => void;
}

export interface ClientToServerEvents {
  /** Joins a feed; the ack carries the snapshot taken at the moment of joining, or a refusal. */
  "feed:subscribe": (kind: FeedKind, ack: (snapshot: FeedSnapshot | SocketRefusal) => void) => void;
  "feed:unsubscribe": (kind: FeedKind) => void;
  /** Joins one order's room; the ack carries that order's events the bridge still holds, or a refusal. */
  "order:watch": (orderId: string, ack: (snapshot: OrderSnapshot | SocketRefusal) => void) => void;
  "order:unwatch": (orderId: string) => void;
  /** Joins a watched saga's room (the ack is a receipt: the page reads its state over HTTP). */
  "saga:watch": (saga: string, ack: (reply: SagaRoomSnapshot | SocketRefusal) => void) => void;
  "saga:unwatch": (saga: string) => void;
  "saga-instance:watch": (
    saga: string,
    id: string,
    ack: (reply: SagaInstanceRoomSnapshot | SocketRefusal) => void,
  ) => void;
  "saga-instance:unwatch": (saga: string, id: string) => void;
}

export const feedRoom = (kind: FeedKind) => `feed:${kind}`;
export const orderRoom = (orderId: string) => `order:${orderId}`;
export const sagaRoom = (saga: string) => `saga:${saga}`;
/** JSON, so no saga name and id can make another pair's room. */
export const sagaInstanceRoom = (saga: string, id: string) => `saga-instance:${JSON.stringify([saga, id])}`;
