// One order's journey from its saga steps: the events in saga order (duplicates folded), the
// path taken and the branches not taken, each service's state, per-step timings and what the
// saga is waiting for next. Pure: the order page, the replay control and tests share it.
import type { SagaStep } from "../../contracts/api";
import type { CancelReason, ServiceName, TopicName } from "../../contracts/topics";
import { stepTiming, type StepTiming } from "./timings";
import { EDGE_BY_TOPIC, expectedNext, TOPIC_EDGES, type Expectation, type NodeId, type TopicEdge } from "./topology";

export const HOP_BUDGET_MS = 2_000;

const STAGE: TopicName[] = [
  "order-create", "stock-decrease", "stock-decrease-fail", "pay-complete", "pay-fail",
  "stock-restore", "order-complete", "order-cancel", "pay-refund", "notification-send", "saga-dlq",
];

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

/** Unique events in saga order: dedupe by record (topic/partition/offset), then by eventId. */
export function orderSteps(steps: readonly SagaStep[]): { unique: SagaStep[]; redeliveries: Map<string, number>; duplicates: number } {
  const byRecord = new Set<string>();
  const byEvent = new Map<string, SagaStep>();
  const redeliveries = new Map<string, number>();
  let duplicates = 0;
  for (const s of steps) {
    const rec = `${s.topic}/${s.partition}/${s.offset}`;
    if (byRecord.has(rec)) {
      duplicates++;
      continue;
    }
    byRecord.add(rec);
    const first = byEvent.get(s.eventId);
    if (first) {
      duplicates++;
      redeliveries.set(s.eventId, (redeliveries.get(s.eventId) ?? 0) + 1);
      if (ms(s.brokerTimestamp) < ms(first.brokerTimestamp)) byEvent.set(s.eventId, s);
      continue;
    }
    byEvent.set(s.eventId, s);
  }
  const unique = [...byEvent.values()].sort(
    (a, b) => ms(a.occurredAt) - ms(b.occurredAt) || STAGE.indexOf(a.topic) - STAGE.indexOf(b.topic) || ms(a.brokerTimestamp) - ms(b.brokerTimestamp),
  );
  return { unique, redeliveries, duplicates };
}

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
  const { unique, redeliveries, duplicates } = orderSteps(steps);
  const byId = new Map(unique.map((s) => [s.eventId, s]));
  const t0 = unique.length ? ms(unique[0].occurredAt) : null;
  const seen = new Set<TopicName>(unique.map((s) => s.topic));
  const out: JourneyStep[] = unique.map((s, i) => {
    const cause = (s.causationId ? byId.get(s.causationId) : undefined) ?? (i > 0 ? unique[i - 1] : null);
    return {
      n: i + 1,
      step: s,
      edge: s.topic === "saga-dlq" ? null : EDGE_BY_TOPIC[s.topic],
      timing: stepTiming(s, cause, t0 ?? 0),
      redeliveries: redeliveries.get(s.eventId) ?? 0,
    };
  });

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
