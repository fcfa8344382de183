// Where the time of one saga step went. For a step produced by a handler that consumed `cause`:
//   Kafka wait  = step.causeConsumedAt - cause.brokerTimestamp  (cause waited in the topic)
//   handler     = step.occurredAt      - step.causeConsumedAt   (local transaction)
//   outbox wait = step.brokerTimestamp - step.occurredAt        (relay published it)
// Offsets are relative to the order's first event (t0), for drawing on a shared axis.
import type { SagaStep } from "./api";

export type StepTiming = {
  /** Where the step's bar starts (cause published, or t0 for the first event), ms after t0. */
  startMs: number;
  /** Where it ends (this event published), ms after t0. */
  endMs: number;
  kafkaWaitMs: number | null;
  handlerMs: number | null;
  outboxMs: number;
  /** endMs - startMs. */
  totalMs: number;
};

const ms = (iso: string) => Date.parse(iso);
const nonNeg = (n: number) => (Number.isFinite(n) ? Math.max(0, n) : null);

export function stepTiming(step: SagaStep, cause: SagaStep | null, t0: number): StepTiming {
  const occurred = ms(step.occurredAt);
  const broker = ms(step.brokerTimestamp);
  const consumed = step.causeConsumedAt ? ms(step.causeConsumedAt) : null;
  const start = cause ? ms(cause.brokerTimestamp) : occurred;
  return {
    startMs: start - t0,
    endMs: broker - t0,
    kafkaWaitMs: cause && consumed !== null ? nonNeg(consumed - ms(cause.brokerTimestamp)) : null,
    handlerMs: consumed !== null ? nonNeg(occurred - consumed) : null,
    outboxMs: nonNeg(broker - occurred) ?? 0,
    totalMs: Math.max(0, broker - start),
  };
}

/** Sum of each kind of wait over a journey's steps. */
export function timingTotals(timings: readonly StepTiming[]): { kafkaMs: number; handlerMs: number; outboxMs: number } {
  let kafkaMs = 0;
  let handlerMs = 0;
  let outboxMs = 0;
  for (const t of timings) {
    kafkaMs += t.kafkaWaitMs ?? 0;
    handlerMs += t.handlerMs ?? 0;
    outboxMs += t.outboxMs;
  }
  return { kafkaMs, handlerMs, outboxMs };
}

export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (value < 1) return "<1 ms";
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(value / 60_000)} min ${Math.round((value % 60_000) / 1000)} s`;
}
