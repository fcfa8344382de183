// Running saga statistics from the event stream: totals, per-node counts, throughput, end-to-end
// latency percentiles, compensation rate and DLQ depth, in both saga modes (a saga starts with
// order-create or the first stock-command, and ends with what sagaEnding() says). Pure and
// bounded; the bridge feeds it.
import { sagaEnding } from "../contracts/saga-steps";
import type { BridgeStats, NodeCounts, SagaEvent } from "../contracts/socket";
import { SERVICES, TOPICS, type SagaMode, type ServiceName, type TopicName } from "../contracts/topics";
import { edgeIdOf, ORCHESTRATION_EDGE_IDS, type OrchestrationEdgeId } from "./eventEdges";
import { BoundedMap, BoundedSet, RingBuffer } from "./ring";

export type StatsState = {
  seen: BoundedSet<string>;
  topics: Record<TopicName, number>;
  /** Orchestration's records per edge (a topic alone does not tell a take from a restore). */
  orchestration: Record<OrchestrationEdgeId, number>;
  dlqByService: Record<ServiceName, number>;
  createdAt: BoundedMap<string, number>;
  latencies: RingBuffer<number>;
  /** Epoch seconds -> terminal orders in that second (only the last minute is kept). */
  terminalPerSecond: Map<number, number>;
  invalid: number;
};

const THROUGHPUT_WINDOW_S = 10;

export function createStatsState(opts: { dedupeCapacity?: number; latencySamples?: number } = {}): StatsState {
  return {
    seen: new BoundedSet(opts.dedupeCapacity ?? 200_000),
    topics: Object.fromEntries(TOPICS.map((t) => [t, 0])) as Record<TopicName, number>,
    orchestration: Object.fromEntries(ORCHESTRATION_EDGE_IDS.map((id) => [id, 0])) as Record<
      OrchestrationEdgeId,
      number
    >,
    dlqByService: Object.fromEntries(SERVICES.map((s) => [s, 0])) as Record<ServiceName, number>,
    createdAt: new BoundedMap(50_000),
    latencies: new RingBuffer(opts.latencySamples ?? 2_000),
    terminalPerSecond: new Map(),
    invalid: 0,
  };
}

/** Applies one record; a second record with an eventId already seen changes nothing. */
export function applyEvent(state: StatsState, event: SagaEvent): boolean {
  if (!state.seen.add(event.eventId)) return false;
  const topic = event.topic;
  state.topics[topic]++;
  const edge = edgeIdOf(event.envelope);
  if (edge && edge in state.orchestration) state.orchestration[edge as OrchestrationEdgeId]++;
  const occurred = Date.parse(event.occurredAt);
  if (topic === "order-create" || edge === "stock-command:take") state.createdAt.set(event.orderId, occurred);
  if (sagaEnding(event.envelope)) {
    const created = state.createdAt.get(event.orderId);
    if (created !== undefined) {
      state.latencies.push(Math.max(0, occurred - created));
      state.createdAt.delete(event.orderId);
    }
    const second = Math.floor(Date.parse(event.brokerTimestamp) / 1000);
    state.terminalPerSecond.set(second, (state.terminalPerSecond.get(second) ?? 0) + 1);
    if (state.terminalPerSecond.size > 120) {
      const cutoff = second - 60;
      for (const s of state.terminalPerSecond.keys()) if (s < cutoff) state.terminalPerSecond.delete(s);
    }
  }
  if (topic === "saga-dlq" && event.envelope.type === "saga-dlq") state.dlqByService[event.envelope.payload.service]++;
  return true;
}

/** Nearest-rank percentile of an unsorted sample; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

const pos = (n: number) => Math.max(0, n);

/** Orchestration's counts per service: what each participant was told and answered, and the orchestrator's sagas. */
export function orchestrationCounts(
  o: Record<OrchestrationEdgeId, number>,
  dlq: Record<ServiceName, number>,
  lag: Partial<Record<ServiceName, number | null>>,
): Record<ServiceName, NodeCounts> {
  return {
    order: {
      inFlight: pos(
        o["stock-command:take"] - o["notification-command:completed"] - o["notification-command:cancelled"],
      ),
      completed: o["notification-command:completed"],
      failed: 0,
      compensated: o["notification-command:cancelled"],
      deadLettered: dlq.order,
      lag: lag.order ?? null,
    },
    stock: {
      inFlight: pos(
        o["stock-command:take"] +
          o["stock-command:restore"] -
          o["saga-reply:stock-decrease"] -
          o["saga-reply:stock-decrease-fail"] -
          o["saga-reply:stock-restore"],
      ),
      completed: o["saga-reply:stock-decrease"],
      failed: o["saga-reply:stock-decrease-fail"],
      compensated: o["saga-reply:stock-restore"],
      deadLettered: dlq.stock,
      lag: lag.stock ?? null,
    },
    balance: {
      // A refund of nothing paid has no reply, so only charges count as in flight.
      inFlight: pos(o["balance-command:charge"] - o["saga-reply:pay-complete"] - o["saga-reply:pay-fail"]),
      completed: o["saga-reply:pay-complete"],
      failed: o["saga-reply:pay-fail"],
      compensated: o["saga-reply:pay-refund"],
      deadLettered: dlq.balance,
      lag: lag.balance ?? null,
    },
    notification: {
      inFlight: pos(
        o["notification-command:completed"] + o["notification-command:cancelled"] - o["saga-reply:notification-send"],
      ),
      completed: o["saga-reply:notification-send"],
      failed: 0,
      compensated: 0,
      deadLettered: dlq.notification,
      lag: lag.notification ?? null,
    },
  };
}

/** Both modes' counts added up (dead letters and lag are per service already). */
function sumCounts(
  a: Record<ServiceName, NodeCounts>,
  b: Record<ServiceName, NodeCounts>,
): Record<ServiceName, NodeCounts> {
  const add = (x: NodeCounts, y: NodeCounts): NodeCounts => ({
    inFlight: x.inFlight + y.inFlight,
    completed: x.completed + y.completed,
    failed: x.failed + y.failed,
    compensated: x.compensated + y.compensated,
    deadLettered: x.deadLettered,
    lag: x.lag,
  });
  return Object.fromEntries(SERVICES.map((s) => [s, add(a[s], b[s])])) as Record<ServiceName, NodeCounts>;
}

export function nodeCounts(
  t: Record<TopicName, number>,
  dlq: Record<ServiceName, number>,
  lag: Partial<Record<ServiceName, number | null>>,
): Record<ServiceName, NodeCounts> {
  return {
    order: {
      inFlight: pos(
        t["stock-decrease-fail"] + t["pay-complete"] + t["stock-restore"] - t["order-complete"] - t["order-cancel"],
      ),
      completed: t["order-complete"],
      failed: 0,
      compensated: t["order-cancel"],
      deadLettered: dlq.order,
      lag: lag.order ?? null,
    },
    stock: {
      inFlight: pos(
        t["order-create"] - t["stock-decrease"] - t["stock-decrease-fail"] + t["pay-fail"] - t["stock-restore"],
      ),
      completed: t["stock-decrease"],
      failed: t["stock-decrease-fail"],
      compensated: t["stock-restore"],
      deadLettered: dlq.stock,
      lag: lag.stock ?? null,
    },
    balance: {
      inFlight: pos(t["stock-decrease"] - t["pay-complete"] - t["pay-fail"]),
      completed: t["pay-complete"],
      failed: t["pay-fail"],
      compensated: 0,
      deadLettered: dlq.balance,
      lag: lag.balance ?? null,
    },
    notification: {
      inFlight: pos(t["order-complete"] + t["order-cancel"] - t["notification-send"]),
      completed: t["notification-send"],
      failed: 0,
      compensated: 0,
      deadLettered: dlq.notification,
      lag: lag.notification ?? null,
    },
  };
}

export function statsView(
  state: StatsState,
  nowMs: number,
  lag: Partial<Record<ServiceName, number | null>> = {},
): BridgeStats {
  const t = state.topics;
  const o = state.orchestration;
  const created = t["order-create"] + o["stock-command:take"];
  const completed = t["order-complete"] + o["notification-command:completed"];
  const cancelled = t["order-cancel"] + o["notification-command:cancelled"];
  const modes: Record<SagaMode, Record<ServiceName, NodeCounts>> = {
    choreography: nodeCounts(t, state.dlqByService, lag),
    orchestration: orchestrationCounts(o, state.dlqByService, lag),
  };
  const nowS = Math.floor(nowMs / 1000);
  let recent = 0;
  for (let s = nowS - THROUGHPUT_WINDOW_S; s < nowS; s++) recent += state.terminalPerSecond.get(s) ?? 0;
  const samples = state.latencies.toArray();
  return {
    at: nowMs,
    orders: { created, completed, cancelled, inFlight: pos(created - completed - cancelled) },
    throughput: recent / THROUGHPUT_WINDOW_S,
    latencyMs: {
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      p99: percentile(samples, 99),
      samples: samples.length,
    },
    compensationRate: completed + cancelled === 0 ? null : cancelled / (completed + cancelled),
    dlqDepth: t["saga-dlq"],
    topics: { ...t },
    orchestrationEdges: { ...o },
    nodes: sumCounts(modes.choreography, modes.orchestration),
    modes,
    invalid: state.invalid,
  };
}

export function emptyStats(nowMs: number): BridgeStats {
  return statsView(createStatsState({ dedupeCapacity: 1, latencySamples: 1 }), nowMs);
}
