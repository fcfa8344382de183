// Builds realistic saga records for unit tests and the UI benchmark: a chain of events for one
// order with consistent causation ids, offsets and timings (handler, outbox and Kafka waits),
// and the order service's view of such an order.
import type { OrderView } from "../contracts/api";
import type { AnyEnvelope } from "../contracts/envelope";
import type { SagaEvent } from "../contracts/socket";
import { recordId } from "../contracts/socket";
import {
  REPLY_OUTCOMES,
  topicProducer,
  type PayloadOf,
  type ReplyOutcome,
  type ServiceName,
  type TopicName,
} from "../contracts/topics";
import { edgeIdOf, edgeTopic, type EdgeId } from "./eventEdges";

/** One step of a fixture path: a choreography topic, an orchestration edge ("stock-command:take") or saga-dlq. */
export type FixtureStep = EdgeId | "saga-dlq";

export const HAPPY: FixtureStep[] = [
  "order-create",
  "stock-decrease",
  "pay-complete",
  "order-complete",
  "notification-send",
];
export const OUT_OF_STOCK: FixtureStep[] = ["order-create", "stock-decrease-fail", "order-cancel", "notification-send"];
/** Paid, then the sweeper's time-out: stock put back and points refunded. */
export const TIMED_OUT_AFTER_PAYMENT: FixtureStep[] = [
  "order-create",
  "stock-decrease",
  "pay-complete",
  "order-cancel",
  "stock-restore",
  "pay-refund",
  "notification-send",
];
export const NO_BALANCE: FixtureStep[] = [
  "order-create",
  "stock-decrease",
  "pay-fail",
  "stock-restore",
  "order-cancel",
  "notification-send",
];

export const HAPPY_ORCH: FixtureStep[] = [
  "stock-command:take",
  "saga-reply:stock-decrease",
  "balance-command:charge",
  "saga-reply:pay-complete",
  "notification-command:completed",
  "saga-reply:notification-send",
];
export const OUT_OF_STOCK_ORCH: FixtureStep[] = [
  "stock-command:take",
  "saga-reply:stock-decrease-fail",
  "notification-command:cancelled",
  "saga-reply:notification-send",
];
export const NO_BALANCE_ORCH: FixtureStep[] = [
  "stock-command:take",
  "saga-reply:stock-decrease",
  "balance-command:charge",
  "saga-reply:pay-fail",
  "stock-command:restore",
  "saga-reply:stock-restore",
  "notification-command:cancelled",
  "saga-reply:notification-send",
];
/**
 * The charge waits past the time-out: the sweeper sends refund, restore and the cancelled notice
 * at once (no cause); balance then answers the charge late and the refund after it.
 */
export const TIMED_OUT_ORCH: FixtureStep[] = [
  "stock-command:take",
  "saga-reply:stock-decrease",
  "balance-command:charge",
  "balance-command:refund",
  "stock-command:restore",
  "notification-command:cancelled",
  "saga-reply:pay-complete",
  "saga-reply:pay-refund",
  "saga-reply:stock-restore",
  "saga-reply:notification-send",
];

const items = [{ productId: "p-tea", quantity: 2, unitPrice: 300, lineAmount: 600 }];

/** The path took this outcome, as a choreography event or as a reply. */
const took = (path: readonly FixtureStep[], outcome: TopicName) =>
  path.includes(outcome as FixtureStep) || path.includes(`saga-reply:${outcome}` as FixtureStep);
const cancels = (path: readonly FixtureStep[]) =>
  path.includes("order-cancel") || path.includes("notification-command:cancelled");
const completes = (path: readonly FixtureStep[]) =>
  path.includes("order-complete") || path.includes("notification-command:completed");

function samplePayload(step: FixtureStep, userId: string, path: readonly FixtureStep[]): unknown {
  const topic: TopicName = step === "saga-dlq" ? step : edgeTopic(step);
  const variant = step.split(":")[1];
  const reason = took(path, "pay-fail")
    ? "INSUFFICIENT_BALANCE"
    : took(path, "stock-decrease-fail")
      ? "OUT_OF_STOCK"
      : "TIMEOUT";
  if (topic === "saga-reply") return { outcome: variant, result: samplePayload(variant as ReplyOutcome, userId, path) };
  if (topic === "stock-command" && variant === "restore")
    return { action: "restore", userId, reason, detail: "saga compensated" };
  if (topic === "balance-command" && variant === "refund")
    return { action: "refund", userId, reason, detail: "saga compensated" };
  if (topic === "notification-command" && variant === "cancelled") return { userId, orderStatus: "CANCELLED", reason };
  const payloads: { [T in TopicName]: PayloadOf<T> } = {
    "order-create": { userId, items: [{ productId: "p-tea", quantity: 2 }] },
    "stock-decrease": { userId, items, totalAmount: 600, stockLevels: [{ productId: "p-tea", stock: 8 }] },
    "stock-decrease-fail": { userId, reason: "OUT_OF_STOCK", productId: "p-tea", detail: "only 1 left" },
    "pay-complete": { userId, amount: 600, balanceAfter: 400, items },
    "pay-fail": { userId, amount: 600, reason: "INSUFFICIENT_BALANCE", detail: "balance 100 < 600" },
    "stock-restore": {
      items: [{ productId: "p-tea", quantity: 2 }],
      stockLevels: [{ productId: "p-tea", stock: 10 }],
      reason: "INSUFFICIENT_BALANCE",
      detail: "pay-fail",
    },
    "order-complete": { userId, totalAmount: 600, items },
    "order-cancel": { userId, reason, detail: "saga compensated" },
    "notification-send": {
      userId,
      channel: "mail",
      orderStatus: cancels(path) ? "CANCELLED" : "COMPLETED",
      reason: cancels(path) ? reason : null,
      message: "done",
    },
    "pay-refund": { userId, amount: 600, balanceAfter: 1000 },
    "stock-command": { action: "take", userId, items: [{ productId: "p-tea", quantity: 2 }] },
    "balance-command": { action: "charge", userId, amount: 600, items },
    "notification-command": { userId, orderStatus: "COMPLETED", totalAmount: 600 },
    "saga-reply": {
      outcome: "stock-decrease",
      result: { userId, items, totalAmount: 600, stockLevels: [{ productId: "p-tea", stock: 8 }] },
    },
    "saga-dlq": {
      service: "stock",
      sourceTopic: "order-create",
      partition: 0,
      offset: "1",
      key: null,
      attempts: 5,
      error: { code: "DB", message: "down" },
      original: "{}",
    },
  };
  return payloads[topic];
}

export type FixtureOptions = {
  orderId?: string;
  userId?: string;
  startMs?: number;
  /** Per hop: handler time, outbox wait and Kafka wait, in ms. */
  handlerMs?: number;
  outboxMs?: number;
  kafkaMs?: number;
  partition?: number;
  firstOffset?: number;
};

let counter = 0;
let nextOffset = 0;
export function fakeUuid(n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  return `00000000-0000-4000-8000-${hex}`;
}

/** Who publishes a step: a reply comes from the participant whose outcome it carries. */
function producerOf(step: FixtureStep): ServiceName {
  const [topic, variant] = step.split(":") as [TopicName, string | undefined];
  const p =
    topic === "saga-reply" && REPLY_OUTCOMES.includes(variant as ReplyOutcome)
      ? topicProducer[variant as ReplyOutcome]
      : topicProducer[topic];
  return [p ?? "stock"].flat()[0];
}

/** Events of one order along `path`, in saga order, each caused by the one before it. */
export function sagaEvents(path: readonly FixtureStep[], opts: FixtureOptions = {}): SagaEvent[] {
  const orderId = opts.orderId ?? `o-${++counter}`;
  const userId = opts.userId ?? "u-alice";
  const handler = opts.handlerMs ?? 5;
  const outbox = opts.outboxMs ?? 3;
  const kafka = opts.kafkaMs ?? 10;
  const partition = opts.partition ?? 0;
  let t = opts.startMs ?? Date.UTC(2025, 0, 1, 12, 0, 0);
  let offset = opts.firstOffset ?? (nextOffset += 100);
  let prev: SagaEvent | null = null;
  const out: SagaEvent[] = [];
  for (const step of path) {
    const topic: TopicName = step === "saga-dlq" ? step : edgeTopic(step);
    const causeConsumedAt = prev ? t + kafka : null;
    const occurredAt = prev ? t + kafka + handler : t;
    const broker = occurredAt + outbox;
    const eventId = fakeUuid(++counter);
    const envelope = {
      eventId,
      type: topic,
      orderId,
      causationId: prev?.eventId ?? null,
      occurredAt: new Date(occurredAt).toISOString(),
      producer: producerOf(step),
      version: 1,
      payload: samplePayload(step, userId, path),
    } as AnyEnvelope;
    const ev: SagaEvent = {
      id: recordId(topic, partition, String(offset)),
      orderId,
      key: orderId,
      eventId,
      topic,
      partition,
      offset: String(offset),
      producer: envelope.producer,
      causationId: envelope.causationId,
      occurredAt: envelope.occurredAt,
      brokerTimestamp: new Date(broker).toISOString(),
      causeConsumedAt: causeConsumedAt === null ? null : new Date(causeConsumedAt).toISOString(),
      envelope,
    };
    out.push(ev);
    prev = ev;
    t = broker;
    offset++;
  }
  return out;
}

/** The same record delivered again at a later offset (what an at-least-once relay can do). */
export function redelivered(ev: SagaEvent, offset: number): SagaEvent {
  return { ...ev, offset: String(offset), id: recordId(ev.topic, ev.partition, String(offset)) };
}

const withCause = (e: SagaEvent, causationId: string | null): SagaEvent => ({
  ...e,
  causationId,
  envelope: { ...e.envelope, causationId },
});

/** A time-out's order-cancel comes from the sweeper (no cause); stock, balance and notification each react to it. */
function asTimeout(events: SagaEvent[]): SagaEvent[] {
  const cancel = events.find((e) => e.topic === "order-cancel");
  if (!cancel) return events;
  const fromCancel: TopicName[] = ["stock-restore", "pay-refund", "notification-send"];
  return events.map((e) =>
    withCause(e, e === cancel ? null : fromCancel.includes(e.topic) ? cancel.eventId : e.causationId),
  );
}

/** The command each reply answers. */
const ANSWERS: Record<ReplyOutcome, (e: SagaEvent) => boolean> = {
  "stock-decrease": (e) => edgeIdOf(e.envelope) === "stock-command:take",
  "stock-decrease-fail": (e) => edgeIdOf(e.envelope) === "stock-command:take",
  "stock-restore": (e) => edgeIdOf(e.envelope) === "stock-command:restore",
  "pay-complete": (e) => edgeIdOf(e.envelope) === "balance-command:charge",
  "pay-fail": (e) => edgeIdOf(e.envelope) === "balance-command:charge",
  "pay-refund": (e) => edgeIdOf(e.envelope) === "balance-command:refund",
  "notification-send": (e) => e.topic === "notification-command",
};

/**
 * Orchestration: the sweeper's commands (from index `sweptFrom` on) have no cause; every reply
 * answers the latest command of its kind before it.
 */
export function asOrchestrated(events: SagaEvent[], sweptFrom: number): SagaEvent[] {
  return events.map((e, i) => {
    if (e.envelope.type !== "saga-reply") return i >= sweptFrom ? withCause(e, null) : e;
    const command = events.slice(0, i).findLast(ANSWERS[e.envelope.payload.outcome]);
    return withCause(e, command?.eventId ?? null);
  });
}

/** The events of a path, with the causes a time-out gives them. */
export function pathEvents(path: readonly FixtureStep[], opts: FixtureOptions = {}): SagaEvent[] {
  const events = sagaEvents(path, opts);
  if (path === TIMED_OUT_AFTER_PAYMENT) return asTimeout(events);
  if (path === TIMED_OUT_ORCH) return asOrchestrated(events, path.indexOf("balance-command:refund"));
  return events;
}

/** The order service's view of one order along `path` (the trace export's input). */
export function orderView(
  path: readonly FixtureStep[],
  opts: FixtureOptions & { detail?: string; productId?: string } = {},
): OrderView {
  const orderId = opts.orderId ?? fakeUuid(++counter);
  const userId = opts.userId ?? "u-alice";
  const steps = pathEvents(path, { ...opts, orderId, userId });
  const reason = took(path, "pay-fail")
    ? "INSUFFICIENT_BALANCE"
    : took(path, "stock-decrease-fail")
      ? "OUT_OF_STOCK"
      : cancels(path)
        ? "TIMEOUT"
        : null;
  return {
    orderId,
    userId,
    mode: path.some((s) => s.includes(":")) ? "orchestration" : "choreography",
    status: cancels(path) ? "CANCELLED" : completes(path) ? "COMPLETED" : "PENDING",
    reason,
    totalAmount: 600,
    itemCount: 1,
    createdAt: steps[0].occurredAt,
    updatedAt: steps[steps.length - 1].occurredAt,
    detail: opts.detail ?? null,
    items: [{ productId: opts.productId ?? "p-tea", quantity: 2, unitPrice: 300 }],
    steps,
  };
}
