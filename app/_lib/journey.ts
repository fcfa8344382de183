// One order's journey from its saga steps: the events in saga order (duplicates folded), the
// path taken and the branches not taken, each service's state, per-step timings and what the
// saga is waiting for next, on the graph of the order's mode (a command or a reply is its own
// edge in orchestration). Pure: the order page, the replay control and tests share it.
import type { SagaStep } from "../../contracts/api";
import type { CancelReason, SagaMode, ServiceName, TopicName } from "../../contracts/topics";
import { hopKind, orderSteps, sagaEnding, stepName, timedSteps, type HopKind } from "../../contracts/saga-steps";
import type { StepTiming } from "../../contracts/timings";
import { edgeIdOf, modeOfEvents, outcomeOf, type EdgeId } from "../../shared/eventEdges";
import { EDGE_BY_ID, expectedNext, MODE_EDGES, type Expectation, type GraphEdge, type NodeId } from "./topology";

export const HOP_BUDGET_MS = 2_000;

export type JourneyStep = {
  n: number;
  step: SagaStep;
  /** stepName(): the topic, or "stock-command (take)". */
  name: string;
  kind: HopKind;
  edge: GraphEdge | null;
  timing: StepTiming;
  redeliveries: number;
};
export type NodeState =
  | "completed"
  | "cancelled"
  | "in progress"
  | "failed"
  | "compensated"
  | "notified"
  | "waiting"
  | "not reached"
  | "dead-lettered";
export type Outcome = "PENDING" | "COMPLETED" | "CANCELLED";
export type Branch =
  "happy path" | "out of stock / unknown product" | "payment failed" | "timed out" | "in flight" | "dead-lettered";
export type EdgeUse = { taken: boolean; steps: number[]; ms: number | null };

export type Journey = {
  mode: SagaMode;
  steps: JourneyStep[];
  /** Records folded away: the same record twice, or the same eventId at another offset. */
  duplicates: number;
  outcome: Outcome;
  reason: CancelReason | null;
  branch: Branch;
  nodes: Record<NodeId, NodeState>;
  /** Every edge of the mode's graph, by edge id. */
  edges: Partial<Record<EdgeId, EdgeUse>>;
  expected: (Expectation & { sinceMs: number; waitedMs: number; overdueMs: number }) | null;
  startedAt: number | null;
  totalMs: number | null;
};

const ms = (iso: string) => Date.parse(iso);

/** `done`: what the participants did, in choreography's topic names (a reply counts as its outcome). */
function nodeStates(
  done: ReadonlySet<TopicName>,
  order: NodeState | null,
  waitingFor: ServiceName | null,
  dlq: ServiceName[],
): Record<NodeId, NodeState> {
  const pick = (s: ServiceName, state: NodeState | null): NodeState =>
    dlq.includes(s) ? "dead-lettered" : waitingFor === s ? "waiting" : (state ?? "not reached");
  return {
    order: pick("order", order),
    stock: pick(
      "stock",
      done.has("stock-restore")
        ? "compensated"
        : done.has("stock-decrease-fail")
          ? "failed"
          : done.has("stock-decrease")
            ? "completed"
            : null,
    ),
    balance: pick(
      "balance",
      done.has("pay-refund")
        ? "compensated"
        : done.has("pay-fail")
          ? "failed"
          : done.has("pay-complete")
            ? "completed"
            : null,
    ),
    notification: pick("notification", done.has("notification-send") ? "completed" : null),
    platform: done.has("notification-send") ? "notified" : "not reached",
  };
}

/** `mode` from the order's view when known; otherwise read from the events. */
export function buildJourney(steps: readonly SagaStep[], nowMs: number, mode?: SagaMode): Journey {
  const timed = timedSteps(steps);
  const { duplicates, t0 } = timed;
  const unique = timed.steps.map((t) => t.step);
  const journeyMode = mode ?? modeOfEvents(unique);
  const out: JourneyStep[] = timed.steps.map(({ n, step, timing, redeliveries }) => {
    const id = edgeIdOf(step.envelope);
    return {
      n,
      step,
      name: stepName(step.envelope),
      kind: hopKind(step.envelope),
      edge: id ? EDGE_BY_ID[id] : null,
      timing,
      redeliveries,
    };
  });

  const edges: Journey["edges"] = Object.fromEntries(
    MODE_EDGES[journeyMode].map((e) => [e.id, { taken: false, steps: [] as number[], ms: null as number | null }]),
  );
  for (const js of out) {
    if (!js.edge) continue;
    const e = (edges[js.edge.id] ??= { taken: false, steps: [], ms: null });
    e.taken = true;
    e.steps.push(js.n);
    e.ms ??= js.timing.totalMs;
  }

  const seen = new Set<string>(unique.map((s) => edgeIdOf(s.envelope) ?? s.topic));
  const outcomes = unique.flatMap((s) => {
    const o = outcomeOf(s.envelope);
    return o ? [o] : [];
  });
  const done = new Set<TopicName>(outcomes.map((o) => o.type));
  const dlqServices = unique.flatMap((s) => (s.envelope.type === "saga-dlq" ? [s.envelope.payload.service] : []));
  const next = expectedNext(seen, journeyMode);
  const lastBroker = unique.reduce((m, s) => Math.max(m, ms(s.brokerTimestamp)), Number.NEGATIVE_INFINITY);
  const sinceMs = Number.isFinite(lastBroker) ? lastBroker : nowMs;
  const waitedMs = Math.max(0, nowMs - sinceMs);
  const expected =
    next && unique.length ? { ...next, sinceMs, waitedMs, overdueMs: Math.max(0, waitedMs - HOP_BUDGET_MS) } : null;

  const ending = unique.map((s) => sagaEnding(s.envelope)).find((x) => x !== null) ?? null;
  const failure = outcomes.find((o) => o.type === "stock-decrease-fail" || o.type === "pay-fail");
  const reason: CancelReason | null =
    ending?.status === "CANCELLED"
      ? ending.reason
      : failure?.type === "stock-decrease-fail" || failure?.type === "pay-fail"
        ? failure.payload.reason
        : null;
  const outcome: Outcome = ending?.status ?? "PENDING";
  const branch: Branch = dlqServices.length
    ? "dead-lettered"
    : reason === "TIMEOUT"
      ? "timed out"
      : done.has("stock-decrease-fail")
        ? "out of stock / unknown product"
        : done.has("pay-fail")
          ? "payment failed"
          : outcome === "COMPLETED"
            ? "happy path"
            : "in flight";

  const orderState: NodeState | null =
    outcome === "COMPLETED"
      ? "completed"
      : outcome === "CANCELLED"
        ? "cancelled"
        : unique.some((s) => s.producer === "order")
          ? "in progress"
          : null;
  const lastMs = unique.length ? Math.max(...unique.map((s) => ms(s.brokerTimestamp))) : null;
  return {
    mode: journeyMode,
    steps: out,
    duplicates,
    outcome,
    reason,
    branch,
    nodes: nodeStates(done, orderState, next && unique.length ? next.service : null, dlqServices),
    edges,
    expected,
    startedAt: t0,
    totalMs: t0 !== null && lastMs !== null ? lastMs - t0 : null,
  };
}

/** The journey as it stood after its first `count` unique events (for the replay scrubber). */
export function journeyAt(steps: readonly SagaStep[], count: number, mode?: SagaMode): Journey {
  const { unique } = orderSteps(steps);
  const slice = unique.slice(0, Math.max(0, count));
  const at = slice.length ? ms(slice[slice.length - 1].brokerTimestamp) : 0;
  return buildJourney(slice, at, mode ?? modeOfEvents(unique));
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

/** The header's duration: "saga took 106 ms" once the saga ended, "so far" while it runs. */
export function sagaTookText(j: Pick<Journey, "totalMs" | "outcome">, formatMs: (ms: number) => string): string {
  if (j.totalMs === null) return "";
  return ` · saga took ${formatMs(j.totalMs)}${j.outcome === "PENDING" ? " so far" : ""}`;
}
