import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import {
  makeEnvelope,
  type AnyEnvelope,
  type PayloadOf,
  type ServiceName,
  type TopicName,
} from "../../../../contracts";
import { sagaObserver, storedSteps, type SagaRecorder, type StoredStep } from "./hops";
import type { ObservedRecord } from "../../domain/record";

type Call = [keyof SagaRecorder, ...unknown[]];

function recorder(): SagaRecorder & { calls: Call[]; of(kind: keyof SagaRecorder): unknown[][] } {
  const calls: Call[] = [];
  const rec =
    (kind: keyof SagaRecorder) =>
    (...args: unknown[]) =>
      void calls.push([kind, ...args]);
  return {
    calls,
    of: (kind) => calls.filter((c) => c[0] === kind).map((c) => c.slice(1)),
    finished: rec("finished"),
    outboxWait: rec("outboxWait"),
    kafkaWait: rec("kafkaWait"),
    handlerTime: rec("handlerTime"),
  };
}

const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms);
const ORDER = "o-1";

/** An event the observer stored: produced at `occurred`, published at `broker`, its cause consumed at `consumed` (ms after T0). */
function step<T extends TopicName>(
  type: T,
  producer: ServiceName,
  payload: PayloadOf<T>,
  t: { occurred: number; broker: number; consumed?: number },
  cause: StoredStep | null,
): StoredStep {
  const event = makeEnvelope({
    eventId: randomUUID(),
    type,
    orderId: ORDER,
    causationId: cause?.event.eventId ?? null,
    producer,
    payload,
    occurredAt: at(t.occurred),
  }) as AnyEnvelope;
  return { event, brokerTimestamp: at(t.broker), causeConsumedAt: t.consumed === undefined ? null : at(t.consumed) };
}

const items = [{ productId: "p", quantity: 1 }];
const priced = [{ productId: "p", quantity: 1, unitPrice: 5, lineAmount: 5 }];

/** order-create -> stock-decrease -> pay-complete -> order-complete, each hop with distinct waits. */
function happySaga() {
  const create = step("order-create", "order", { userId: "u", items }, { occurred: 0, broker: 4 }, null);
  const decrease = step(
    "stock-decrease",
    "stock",
    { userId: "u", items: priced, totalAmount: 5, stockLevels: [] },
    { consumed: 10, occurred: 13, broker: 20 },
    create,
  );
  const paid = step(
    "pay-complete",
    "balance",
    { userId: "u", amount: 5, balanceAfter: 0, items: priced },
    { consumed: 50, occurred: 52, broker: 53 },
    decrease,
  );
  const done = step(
    "order-complete",
    "order",
    { userId: "u", totalAmount: 5, items: priced },
    { consumed: 60, occurred: 70, broker: 71 },
    paid,
  );
  return { create, decrease, paid, done };
}

describe("the saga observer", () => {
  it("splits each hop into outbox wait, Kafka wait and handler time, by the produced event's topic", () => {
    const r = recorder();
    const s = happySaga();
    sagaObserver(r).observe([s.create, s.decrease, s.paid, s.done]);
    assert.deepEqual(r.of("outboxWait"), [
      ["order-create", 0.004],
      ["stock-decrease", 0.007],
      ["pay-complete", 0.001],
      ["order-complete", 0.001],
    ]);
    assert.deepEqual(r.of("handlerTime"), [
      ["stock-decrease", 0.003],
      ["pay-complete", 0.002],
      ["order-complete", 0.01],
    ]);
    // Kafka wait: the cause's publish to the handler's consumption (4 -> 10, 20 -> 50, 53 -> 60).
    assert.deepEqual(r.of("kafkaWait"), [
      ["stock-decrease", 0.006],
      ["pay-complete", 0.03],
      ["order-complete", 0.007],
    ]);
  });

  it("counts each ending event once, with its outcome, reason and time since the saga's first event", () => {
    const r = recorder();
    const s = happySaga();
    const cancel = step(
      "order-cancel",
      "order",
      { userId: "u", reason: "TIMEOUT", detail: "late" },
      { occurred: 30_000, broker: 30_002 },
      null,
    );
    sagaObserver(r).observe([s.create, s.done, cancel, s.done]);
    assert.deepEqual(r.of("finished"), [
      ["COMPLETED", null, 0.07],
      ["CANCELLED", "TIMEOUT", 30],
    ]);
  });

  it("counts an event published twice as one hop", () => {
    const r = recorder();
    const s = happySaga();
    sagaObserver(r).observe([s.create, s.decrease, { ...s.decrease, brokerTimestamp: at(900) }]);
    assert.deepEqual(r.of("outboxWait"), [
      ["order-create", 0.004],
      ["stock-decrease", 0.007],
    ]);
  });

  it("ends a saga without a latency when its first event was not seen", () => {
    const r = recorder();
    const cancel = step(
      "order-cancel",
      "order",
      { userId: "u", reason: "OUT_OF_STOCK", detail: "none left" },
      { occurred: 5, broker: 6, consumed: 4 },
      null,
    );
    sagaObserver(r).observe([cancel]);
    assert.deepEqual(r.of("finished"), [["CANCELLED", "OUT_OF_STOCK", null]]);
  });

  it("times the Kafka wait of an effect stored before its cause once the cause arrives", () => {
    const r = recorder();
    const s = happySaga();
    const observer = sagaObserver(r);
    observer.observe([s.decrease]);
    assert.deepEqual(r.of("kafkaWait"), []);
    observer.observe([s.create]);
    assert.deepEqual(r.of("kafkaWait"), [["stock-decrease", 0.006]]);
  });

  it("forgets the oldest events beyond its bound: their effects get no Kafka wait", () => {
    const r = recorder();
    const s = happySaga();
    const observer = sagaObserver(r, { remember: 2 });
    const other = () => step("order-create", "order", { userId: "v", items }, { occurred: 1, broker: 2 }, null);
    observer.observe([s.create, other(), other()]); // s.create is pushed out
    observer.observe([s.decrease, s.paid]);
    assert.deepEqual(r.of("kafkaWait"), [["pay-complete", 0.03]]);
  });

  it("never reports a negative time (clocks of two machines)", () => {
    const r = recorder();
    const create = step("order-create", "order", { userId: "u", items }, { occurred: 10, broker: 8 }, null);
    const decrease = step(
      "stock-decrease",
      "stock",
      { userId: "u", items: priced, totalAmount: 5, stockLevels: [] },
      { consumed: 5, occurred: 4, broker: 9 },
      create,
    );
    sagaObserver(r).observe([create, decrease]);
    assert.deepEqual(r.of("outboxWait"), [
      ["order-create", 0],
      ["stock-decrease", 0.005],
    ]);
    assert.deepEqual(r.of("handlerTime"), [["stock-decrease", 0]]);
    assert.deepEqual(r.of("kafkaWait"), [["stock-decrease", 0]]);
  });

  it("does not time a dead letter as a hop", () => {
    const r = recorder();
    const s = happySaga();
    const dlq = step(
      "saga-dlq",
      "stock",
      {
        service: "stock",
        sourceTopic: "order-create",
        partition: 0,
        offset: "1",
        key: ORDER,
        attempts: 3,
        error: { code: "INJECTED_FAULT", message: "x" },
        original: "{}",
      },
      { occurred: 30, broker: 31 },
      s.create,
    );
    sagaObserver(r).observe([s.create, dlq]);
    assert.deepEqual(r.calls, [["outboxWait", "order-create", 0.004]]);
  });

  it("takes the stored records that are envelopes of their topic, with the consumption time of their header", () => {
    const s = happySaga();
    const rec = (st: StoredStep, over: Partial<ObservedRecord> = {}): ObservedRecord =>
      ({
        topic: `p.${st.event.type}`,
        partition: 0,
        offset: "1",
        at: st.brokerTimestamp,
        key: ORDER,
        headers: st.causeConsumedAt ? { "x-consumed-at": st.causeConsumedAt.toISOString() } : {},
        value: st.event,
        truncated: false,
        size: 10,
        ...over,
      }) as ObservedRecord;
    const steps = storedSteps(
      [
        rec(s.create),
        rec(s.decrease),
        rec(s.paid, { value: "not json" }),
        rec(s.paid, { topic: "p.pay-fail" }),
        rec(s.done, { headers: { "x-consumed-at": "soon" } }),
      ],
      "p.",
    );
    assert.deepEqual(
      steps.map((x) => [x.event.type, x.causeConsumedAt?.toISOString() ?? null]),
      [
        ["order-create", null],
        ["stock-decrease", at(10).toISOString()],
        ["order-complete", null],
      ],
    );
  });
});
