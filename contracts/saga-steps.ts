// One order's saga steps as the journey page and the order service's trace export both read
// them: duplicates folded, in saga order, each with the step that caused it and its timing.
// Pure, so the browser and the services share it.
import type { SagaStep } from "./api";
import type { AnyEnvelope } from "./envelope";
import { foldSteps } from "./record-step";
import { stepTiming, type StepTiming } from "./timings";
import type { CancelReason, OrderStatus, TopicName } from "./topics";

/** Where a topic sits in the saga: moving forward, a failure answer, undoing, or a dead letter. */
export type HopKind = "forward" | "failure" | "compensation" | "dead-letter";

/** By topic; a command or a reply takes the kind of what it carries (hopKind). */
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
  "stock-command": "forward",
  "balance-command": "forward",
  "notification-command": "forward",
  "saga-reply": "forward",
  "saga-dlq": "dead-letter",
};

/** The kind of one event: a restore or refund command undoes, a reply is what its outcome is, a cancelled order's notice is a compensation step as order-cancel is. */
export function hopKind(e: Pick<AnyEnvelope, "type" | "payload">): HopKind {
  const { type, payload } = e as AnyEnvelope;
  switch (type) {
    case "stock-command":
    case "balance-command":
      return payload.action === "take" || payload.action === "charge" ? "forward" : "compensation";
    case "notification-command":
      return payload.orderStatus === "CANCELLED" ? "compensation" : "forward";
    case "saga-reply":
      return HOP_KIND[payload.outcome];
    default:
      return HOP_KIND[type];
  }
}

/** A failure answer or a compensation is retried until it succeeds, never dead-lettered after retries: abandoning it would leave stock or points held for a cancelled order. */
export function mustComplete(e: Pick<AnyEnvelope, "type" | "payload">): boolean {
  const kind = hopKind(e);
  return kind === "failure" || kind === "compensation";
}

/** The final state an event decides, in either mode: order-complete, order-cancel, or the orchestrator's notification-command. */
export function sagaEnding(
  e: AnyEnvelope,
): { status: Exclude<OrderStatus, "PENDING">; reason: CancelReason | null } | null {
  switch (e.type) {
    case "order-complete":
      return { status: "COMPLETED", reason: null };
    case "order-cancel":
      return { status: "CANCELLED", reason: e.payload.reason };
    case "notification-command":
      return e.payload.orderStatus === "CANCELLED"
        ? { status: "CANCELLED", reason: e.payload.reason }
        : { status: "COMPLETED", reason: null };
    default:
      return null;
  }
}

/** The topics whose events can end a saga (sagaEnding). */
export const ENDING_TOPICS: readonly TopicName[] = ["order-complete", "order-cancel", "notification-command"];

/** A step's name in a journey: the topic, and for a command or a reply what it carries. */
export function stepName(e: Pick<AnyEnvelope, "type" | "payload">): string {
  const { type, payload } = e as AnyEnvelope;
  switch (type) {
    case "stock-command":
    case "balance-command":
      return `${type} (${payload.action})`;
    case "notification-command":
      return `${type} (${payload.orderStatus.toLowerCase()})`;
    case "saga-reply":
      return `${type} (${payload.outcome})`;
    default:
      return type;
  }
}

/** Saga order, to break ties between events stamped in the same millisecond. */
const STAGE: TopicName[] = [
  "order-create",
  "stock-command",
  "stock-decrease",
  "stock-decrease-fail",
  "balance-command",
  "pay-complete",
  "pay-fail",
  "stock-restore",
  "order-complete",
  "order-cancel",
  "pay-refund",
  "notification-command",
  "notification-send",
  "saga-reply",
  "saga-dlq",
];

const ms = (iso: string) => Date.parse(iso);

/** Unique events in saga order, folded as record-step.ts's foldSteps folds them (one key: the eventId). */
export function orderSteps(steps: readonly SagaStep[]): {
  unique: SagaStep[];
  redeliveries: Map<string, number>;
  duplicates: number;
} {
  const { unique, duplicates, copies } = foldSteps(steps);
  unique.sort(
    (a, b) =>
      ms(a.occurredAt) - ms(b.occurredAt) ||
      STAGE.indexOf(a.topic) - STAGE.indexOf(b.topic) ||
      ms(a.brokerTimestamp) - ms(b.brokerTimestamp),
  );
  return { unique, redeliveries: copies, duplicates: duplicates.length };
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
