// One order's saga steps as the journey page and the order service's trace export both read
// them: duplicates folded, in saga order, each with the step that caused it and its timing.
// Pure, so the browser and the services share it.
import type { SagaStep } from "./api";
import { stepTiming, type StepTiming } from "./timings";
import type { TopicName } from "./topics";

/** Where a topic sits in the saga: moving forward, a failure answer, undoing, or a dead letter. */
export type HopKind = "forward" | "failure" | "compensation" | "dead-letter";

export const HOP_KIND: Record<TopicName, HopKind> = {
  "order-create": "forward",
  "stock-decrease": "forward",
  "pay-complete": "forward",
  "order-complete": "forward",
  "notification-send": "forward",
  "stock-decrease-fail": "failure",
  "pay-fail": "failure",
  "stock-restore": "compensation",
  "order-cancel": "compensation",
  "pay-refund": "compensation",
  "saga-dlq": "dead-letter",
};

/** Saga order, to break ties between events stamped in the same millisecond. */
const STAGE: TopicName[] = [
  "order-create", "stock-decrease", "stock-decrease-fail", "pay-complete", "pay-fail",
  "stock-restore", "order-complete", "order-cancel", "pay-refund", "notification-send", "saga-dlq",
];

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

export type TimedStep = {
  /** 1-based position in saga order. */
  n: number;
  step: SagaStep;
  /** The event whose handler published this one (by causationId), if the journey holds it. */
  cause: SagaStep | null;
  timing: StepTiming;
  redeliveries: number;
};

/**
 * The order's steps with their causes and timings. A step whose cause is missing (not received
 * yet, or the first event) is timed from the step before it.
 */
export function timedSteps(steps: readonly SagaStep[]): { steps: TimedStep[]; duplicates: number; t0: number | null } {
  const { unique, redeliveries, duplicates } = orderSteps(steps);
  const byId = new Map(unique.map((s) => [s.eventId, s]));
  const t0 = unique.length ? ms(unique[0].occurredAt) : null;
  const out = unique.map((s, i): TimedStep => {
    const cause = (s.causationId ? byId.get(s.causationId) : undefined) ?? null;
    return {
      n: i + 1,
      step: s,
      cause,
      timing: stepTiming(s, cause ?? (i > 0 ? unique[i - 1] : null), t0 ?? 0),
      redeliveries: redeliveries.get(s.eventId) ?? 0,
    };
  });
  return { steps: out, duplicates, t0 };
}
