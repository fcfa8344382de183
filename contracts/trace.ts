// The export of one order's journey (GET /api/orders/:id/trace): the order, its items and every
// step with who published it, who reacted to it, and where its time went (outbox wait, Kafka
// wait, handler). Built from the same steps the journey page draws.
import type { OrderSummary, OrderView } from "./api";
import { hopKind, stepName, timedSteps, type HopKind } from "./saga-steps";
import { timingTotals, type StepTiming } from "./timings";
import type { ServiceName, TopicName } from "./topics";

export const TRACE_FORMATS = ["json", "mermaid"] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export type TraceStep = {
  n: number;
  eventId: string;
  topic: TopicName;
  /** stepName(): the topic, or for a command or reply what it carries ("stock-command (restore)"). */
  name: string;
  /** hopKind(): a restore or refund command and a cancelled notice are compensations, a reply is its outcome's kind. */
  kind: HopKind;
  producer: ServiceName;
  /** The step whose event the producer's handler consumed (null for the first, or when not held). */
  causeStep: number | null;
  /** Services whose handlers reacted to this event: the producers of the steps it caused. */
  consumedBy: ServiceName[];
  partition: number;
  offset: string;
  occurredAt: string;
  brokerTimestamp: string;
  causeConsumedAt: string | null;
  /** ms after the order's first event; kafkaWaitMs is the cause's wait, handlerMs and outboxMs this step's. */
  timing: StepTiming;
  /** Further deliveries of the same event (folded into this step). */
  redeliveries: number;
  payload: unknown;
};

export type OrderTrace = {
  order: OrderSummary & { detail: string | null };
  items: OrderView["items"];
  startedAt: string | null;
  totalMs: number | null;
  totals: { kafkaWaitMs: number; handlerMs: number; outboxMs: number };
  /** Records folded away as duplicates. */
  duplicates: number;
  steps: TraceStep[];
};

export function buildOrderTrace(view: OrderView): OrderTrace {
  const { steps: timed, duplicates, t0 } = timedSteps(view.steps);
  const nById = new Map(timed.map((t) => [t.step.eventId, t.n]));
  const consumers = new Map<string, ServiceName[]>();
  for (const t of timed) {
    if (!t.cause) continue;
    const list = consumers.get(t.cause.eventId) ?? [];
    if (!list.includes(t.step.producer)) list.push(t.step.producer);
    consumers.set(t.cause.eventId, list);
  }
  const steps = timed.map(({ n, step, cause, timing, redeliveries }): TraceStep => ({
    n,
    eventId: step.eventId,
    topic: step.topic,
    name: stepName(step.envelope),
    kind: hopKind(step.envelope),
    producer: step.producer,
    causeStep: cause ? (nById.get(cause.eventId) ?? null) : null,
    consumedBy: consumers.get(step.eventId) ?? [],
    partition: step.partition,
    offset: step.offset,
    occurredAt: step.occurredAt,
    brokerTimestamp: step.brokerTimestamp,
    causeConsumedAt: step.causeConsumedAt,
    timing,
    redeliveries,
    payload: step.envelope.payload,
  }));
  const totals = timingTotals(steps.map((s) => s.timing));
  const { steps: _all, items, detail, ...summary } = view;
  return {
    order: { ...summary, detail },
    items,
    startedAt: t0 === null ? null : new Date(t0).toISOString(),
    totalMs: steps.length ? Math.max(...steps.map((s) => s.timing.endMs)) : null,
    totals: { kafkaWaitMs: totals.kafkaMs, handlerMs: totals.handlerMs, outboxMs: totals.outboxMs },
    duplicates,
    steps,
  };
}
