// Builds realistic saga records for unit tests and the UI benchmark: a chain of events for one
// order with consistent causation ids, offsets and timings (handler, outbox and Kafka waits),
// and the order service's view of such an order.
import type { OrderView } from "../../contracts/api";
import type { AnyEnvelope } from "../../contracts/envelope";
import type { SagaEvent } from "../../contracts/socket";
import { recordId } from "../../contracts/socket";
import { topicProducer, type PayloadOf, type TopicName } from "../../contracts/topics";

export const HAPPY: TopicName[] = ["order-create", "stock-decrease", "pay-complete", "order-complete", "notification-send"];
export const OUT_OF_STOCK: TopicName[] = ["order-create", "stock-decrease-fail", "order-cancel", "notification-send"];
/** Paid, then the sweeper's time-out: stock put back and points refunded. */
export const TIMED_OUT_AFTER_PAYMENT: TopicName[] = ["order-create", "stock-decrease", "pay-complete", "order-cancel", "stock-restore", "pay-refund", "notification-send"];
export const NO_BALANCE: TopicName[] = ["order-create", "stock-decrease", "pay-fail", "stock-restore", "order-cancel", "notification-send"];

const items = [{ productId: "p-tea", quantity: 2, unitPrice: 300, lineAmount: 600 }];

function samplePayload(topic: TopicName, userId: string, path: TopicName[]): unknown {
  const reason = path.includes("pay-fail") ? "INSUFFICIENT_BALANCE" : path.includes("stock-decrease-fail") ? "OUT_OF_STOCK" : "TIMEOUT";
  const payloads: { [T in TopicName]: PayloadOf<T> } = {
    "order-create": { userId, items: [{ productId: "p-tea", quantity: 2 }] },
    "stock-decrease": { userId, items, totalAmount: 600, stockLevels: [{ productId: "p-tea", stock: 8 }] },
    "stock-decrease-fail": { userId, reason: "OUT_OF_STOCK", productId: "p-tea", detail: "only 1 left" },
    "pay-complete": { userId, amount: 600, balanceAfter: 400, items },
    "pay-fail": { userId, amount: 600, reason: "INSUFFICIENT_BALANCE", detail: "balance 100 < 600" },
    "stock-restore": { items: [{ productId: "p-tea", quantity: 2 }], stockLevels: [{ productId: "p-tea", stock: 10 }], reason: "INSUFFICIENT_BALANCE", detail: "pay-fail" },
    "order-complete": { userId, totalAmount: 600, items },
    "order-cancel": { userId, reason, detail: "saga compensated" },
    "notification-send": {
      userId,
      channel: "mail",
      orderStatus: path.includes("order-cancel") ? "CANCELLED" : "COMPLETED",
      reason: path.includes("order-cancel") ? reason : null,
      message: "done",
    },
    "pay-refund": { userId, amount: 600, balanceAfter: 1000 },
    "stock-command": { action: "take", userId, items: [{ productId: "p-tea", quantity: 2 }] },
    "balance-command": { action: "charge", userId, amount: 600, items },
    "notification-command": { userId, orderStatus: "COMPLETED", totalAmount: 600, reason: null },
    "saga-reply": { outcome: "stock-decrease", result: { userId, items, totalAmount: 600, stockLevels: [{ productId: "p-tea", stock: 8 }] } },
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

/** Events of one order along `path`, in saga order. */
export function sagaEvents(path: TopicName[], opts: FixtureOptions = {}): SagaEvent[] {
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
  for (const topic of path) {
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
      producer: [topicProducer[topic] ?? "stock"].flat()[0],
      version: 1,
      payload: samplePayload(topic, userId, path),
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

/** A time-out's order-cancel comes from the sweeper (no cause); stock, balance and notification each react to it. */
function asTimeout(events: SagaEvent[]): SagaEvent[] {
  const cancel = events.find((e) => e.topic === "order-cancel");
  if (!cancel) return events;
  const fromCancel: TopicName[] = ["stock-restore", "pay-refund", "notification-send"];
  return events.map((e) => {
    const causationId = e === cancel ? null : fromCancel.includes(e.topic) ? cancel.eventId : e.causationId;
    return { ...e, causationId, envelope: { ...e.envelope, causationId } };
  });
}

/** The order service's view of one order along `path` (the trace export's input). */
export function orderView(path: TopicName[], opts: FixtureOptions & { detail?: string; productId?: string } = {}): OrderView {
  const orderId = opts.orderId ?? fakeUuid(++counter);
  const userId = opts.userId ?? "u-alice";
  const events = sagaEvents(path, { ...opts, orderId, userId });
  const steps = path === TIMED_OUT_AFTER_PAYMENT ? asTimeout(events) : events;
  const reason = path.includes("pay-fail") ? "INSUFFICIENT_BALANCE" : path.includes("stock-decrease-fail") ? "OUT_OF_STOCK" : path.includes("order-cancel") ? "TIMEOUT" : null;
  return {
    orderId,
    userId,
    mode: path.includes("order-create") ? "choreography" : "orchestration",
    status: path.includes("order-cancel") ? "CANCELLED" : path.includes("order-complete") ? "COMPLETED" : "PENDING",
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
