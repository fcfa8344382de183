// One order's journey from its saga steps: the events in saga order (duplicates folded), the
// path taken and the branches not taken, each service's state, per-step timings and what the
// saga is waiting for next. Pure: the order page, the replay control and tests share it.
import type { SagaStep } from "../../contracts/api";
import type { CancelReason, ServiceName, TopicName } from "../../contracts/topics";
import { orderSteps, timedSteps } from "../../contracts/saga-steps";
import type { StepTiming } from "../../contracts/timings";
import { EDGE_BY_TOPIC, expectedNext, TOPIC_EDGES, type Expectation, type NodeId, type TopicEdge } from "./topology";

export const HOP_BUDGET_MS = 2_000;

export type JourneyStep = { n: number; step: SagaStep; edge: TopicEdge | null; timing: StepTiming; redeliveries: number };
export type NodeState = "completed" | "cancelled" | "in progress" | "failed" | "compensated" | "notified" | "waiting" | "not reached" | "dead-lettered";
export type Outcome = "PENDING" | "COMPLETED" | "CANCELLED";
export type Branch = "happy path" | "out of stock / unknown product" | "payment failed" | "timed out" | "in flight" | "dead-lettered";

export type Journey = {
  steps: JourneyStep[];
  /** Records folded away: the same record twice, or the same eventId at another offset. */
  duplicates: number;
  outcome: Outcome;
  reason: CancelReason | null;
  branch: Branch;
  nodes: Record<NodeId, NodeState>;
  edges: Record<Exclude<TopicName, "saga-dlq">, { taken: boolean; steps: number[]; ms: number | null }>;
  expected: (Expectation & { sinceMs: number; waitedMs: number; overdueMs: number }) | null;
  startedAt: number | null;
  totalMs: number | null;
};

const ms = (iso: string) => Date.parse(iso);

function nodeStates(seen: ReadonlySet<TopicName>, waitingFor: ServiceName | null, dlq: ServiceName[]): Record<NodeId, NodeState> {
  const pick = (s: ServiceName, state: NodeState | null): NodeState =>
    dlq.includes(s) ? "dead-lettered" : waitingFor === s ? "waiting" : (state ?? "not reached");
  return {
    order: pick("order", seen.has("order-complete") ? "completed" : seen.has("order-cancel") ? "cancelled" : seen.has("order-create") ? "in progress" : null),
    stock: pick("stock", seen.has("stock-restore") ? "compensated" : seen.has("stock-decrease-fail") ? "failed" : seen.has("stock-decrease") ? "completed" : null),
    balance: pick("balance", seen.has("pay-refund") ? "compensated" : seen.has("pay-fail") ? "failed" : seen.has("pay-complete") ? "completed" : null),
    notification: pick("notification", seen.has("notification-send") ? "completed" : null),
    platform: seen.has("notification-send") ? "notified" : "not reached",
  };
}

export function buildJourney(steps: readonly SagaStep[], nowMs: number): Journey {
  const timed = timedSteps(steps);
  const { duplicates, t0 } = timed;
  const unique = timed.steps.map((t) => t.step);
  const seen = new Set<TopicName>(unique.map((s) => s.topic));
  const out: JourneyStep[] = timed.steps.map(({ n, step, timing, redeliveries }) => ({
    n,
    step,
    edge: step.topic === "saga-dlq" ? null : EDGE_BY_TOPIC[step.topic],
    timing,
    redeliveries,
  }));

  const edges = Object.fromEntries(TOPIC_EDGES.map((e) => [e.topic, { taken: false, steps: [] as number[], ms: null as number | null }])) as Journey["edges"];
  for (const js of out) {
    if (js.step.topic === "saga-dlq") continue;
    const e = edges[js.step.topic];
    e.taken = true;
    e.steps.push(js.n);
    e.ms ??= js.timing.totalMs;
  }

  const dlqServices = unique.flatMap((s) => (s.envelope.type === "saga-dlq" ? [s.envelope.payload.service] : []));
  const next = expectedNext(seen);
  const lastBroker = unique.reduce((m, s) => Math.max(m, ms(s.brokerTimestamp)), Number.NEGATIVE_INFINITY);
  const sinceMs = Number.isFinite(lastBroker) ? lastBroker : nowMs;
  const waitedMs = Math.max(0, nowMs - sinceMs);
  const expected = next && unique.length ? { ...next, sinceMs, waitedMs, overdueMs: Math.max(0, waitedMs - HOP_BUDGET_MS) } : null;

  const cancel = unique.find((s) => s.envelope.type === "order-cancel")?.envelope;
  const failure = unique.find((s) => s.envelope.type === "stock-decrease-fail" || s.envelope.type === "pay-fail")?.envelope;
  const reason: CancelReason | null =
    cancel?.type === "order-cancel" ? cancel.payload.reason : failure?.type === "stock-decrease-fail" || failure?.type === "pay-fail" ? failure.payload.reason : null;
  const outcome: Outcome = seen.has("order-complete") ? "COMPLETED" : seen.has("order-cancel") ? "CANCELLED" : "PENDING";
  const branch: Branch = dlqServices.length
    ? "dead-lettered"
    : reason === "TIMEOUT"
      ? "timed out"
      : seen.has("stock-decrease-fail")
      ? "out of stock / unknown product"
      : seen.has("pay-fail")
        ? "payment failed"
        : outcome === "COMPLETED"
          ? "happy path"
          : "in flight";

  const lastMs = unique.length ? Math.max(...unique.map((s) => ms(s.brokerTimestamp))) : null;
  return {
    steps: out,
    duplicates,
    outcome,
    reason,
    branch,
    nodes: nodeStates(seen, next && unique.length ? next.service : null, dlqServices),
    edges,
    expected,
    startedAt: t0,
    totalMs: t0 !== null && lastMs !== null ? lastMs - t0 : null,
  };
}

/** The journey as it stood after its first `count` unique events (for the replay scrubber). */
export function journeyAt(steps: readonly SagaStep[], count: number): Journey {
  const { unique } = orderSteps(steps);
  const slice = unique.slice(0, Math.max(0, count));
  const at = slice.length ? ms(slice[slice.length - 1].brokerTimestamp) : 0;
  return buildJourney(slice, at);
}

/** The status to show: the saga's own events win; the API's stored status fills the gaps. */
export function liveStatus(
  view: { status: Outcome; reason: CancelReason | null } | null,
  journey: Pick<Journey, "outcome" | "reason">,
): { status: Outcome; reason: CancelReason | null } {
  if (journey.outcome !== "PENDING") return { status: journey.outcome, reason: journey.reason };
  if (view && view.status !== "PENDING") return { status: view.status, reason: view.reason };
  return { status: "PENDING", reason: null };
}
