import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  HAPPY,
  NO_BALANCE,
  NO_BALANCE_ORCH,
  orderView,
  redelivered,
  TIMED_OUT_AFTER_PAYMENT,
  TIMED_OUT_ORCH,
} from "../shared/fixtures";
import { buildOrderTrace } from "./trace";

describe("buildOrderTrace", () => {
  it("lists each step with its producer, who reacted to it and its time split", () => {
    const view = orderView(HAPPY, { handlerMs: 7, outboxMs: 4, kafkaMs: 30 });
    const trace = buildOrderTrace(view);
    assert.deepEqual(
      trace.steps.map((s) => [s.n, s.topic, s.kind, s.producer, s.consumedBy, s.causeStep]),
      [
        [1, "order-create", "forward", "order", ["stock"], null],
        [2, "stock-decrease", "forward", "stock", ["balance"], 1],
        [3, "pay-complete", "forward", "balance", ["order"], 2],
        [4, "order-complete", "forward", "order", ["notification"], 3],
        [5, "notification-send", "forward", "notification", [], 4],
      ],
    );
    const second = trace.steps[1].timing;
    assert.deepEqual([second.kafkaWaitMs, second.handlerMs, second.outboxMs], [30, 7, 4]);
    assert.deepEqual(trace.totals, { kafkaWaitMs: 120, handlerMs: 28, outboxMs: 20 });
    assert.equal(trace.totalMs, 4 + 4 * 41);
    assert.equal(trace.startedAt, view.steps[0].occurredAt);
    assert.deepEqual(trace.steps[0].payload, view.steps[0].envelope.payload);
  });

  it("carries the order summary and items, without the raw steps", () => {
    const view = orderView(NO_BALANCE, { detail: "balance 100 < 600" });
    const trace = buildOrderTrace(view);
    assert.equal(trace.order.orderId, view.orderId);
    assert.equal(trace.order.status, "CANCELLED");
    assert.equal(trace.order.reason, "INSUFFICIENT_BALANCE");
    assert.equal(trace.order.detail, "balance 100 < 600");
    assert.equal("steps" in trace.order, false);
    assert.deepEqual(trace.items, view.items);
    assert.deepEqual(
      trace.steps.map((s) => [s.topic, s.kind]),
      [
        ["order-create", "forward"],
        ["stock-decrease", "forward"],
        ["pay-fail", "failure"],
        ["stock-restore", "compensation"],
        ["order-cancel", "compensation"],
        ["notification-send", "forward"],
      ],
    );
    assert.deepEqual(JSON.parse(JSON.stringify(trace)), trace);
  });

  it("shows a time-out's cancel reaching stock, balance and notification", () => {
    const trace = buildOrderTrace(orderView(TIMED_OUT_AFTER_PAYMENT));
    const cancel = trace.steps.find((s) => s.topic === "order-cancel")!;
    assert.equal(cancel.causeStep, null);
    assert.deepEqual(cancel.consumedBy, ["stock", "balance", "notification"]);
    for (const topic of ["stock-restore", "pay-refund", "notification-send"]) {
      assert.equal(trace.steps.find((s) => s.topic === topic)!.causeStep, cancel.n, topic);
    }
  });

  it("folds a redelivered record into its step", () => {
    const view = orderView(HAPPY);
    view.steps = [...view.steps, redelivered(view.steps[1] as Parameters<typeof redelivered>[0], 9_999)];
    const trace = buildOrderTrace(view);
    assert.equal(trace.steps.length, 5);
    assert.equal(trace.duplicates, 1);
    assert.equal(trace.steps[1].redeliveries, 1);
  });

  it("answers an order with no events yet", () => {
    const view = { ...orderView(HAPPY), steps: [] };
    const trace = buildOrderTrace(view);
    assert.deepEqual([trace.steps, trace.startedAt, trace.totalMs], [[], null, null]);
  });

  it("names orchestration's commands and replies and gives each the kind of what it carries", () => {
    const trace = buildOrderTrace(orderView(NO_BALANCE_ORCH));
    assert.equal(trace.order.mode, "orchestration");
    assert.deepEqual(
      trace.steps.map((s) => [s.n, s.name, s.kind, s.producer, s.consumedBy]),
      [
        [1, "stock-command (take)", "forward", "order", ["stock"]],
        [2, "saga-reply (stock-decrease)", "forward", "stock", ["order"]],
        [3, "balance-command (charge)", "forward", "order", ["balance"]],
        [4, "saga-reply (pay-fail)", "failure", "balance", ["order"]],
        [5, "stock-command (restore)", "compensation", "order", ["stock"]],
        [6, "saga-reply (stock-restore)", "compensation", "stock", ["order"]],
        [7, "notification-command (cancelled)", "compensation", "order", ["notification"]],
        [8, "saga-reply (notification-send)", "forward", "notification", []],
      ],
    );
  });

  it("links an orchestrated time-out's replies to the commands the sweeper sent, not to each other", () => {
    const trace = buildOrderTrace(orderView(TIMED_OUT_ORCH));
    const by = (name: string) => trace.steps.find((s) => s.name === name)!;
    assert.deepEqual(
      ["balance-command (refund)", "stock-command (restore)", "notification-command (cancelled)"].map(
        (n) => by(n).causeStep,
      ),
      [null, null, null],
    );
    assert.equal(by("saga-reply (pay-refund)").causeStep, by("balance-command (refund)").n);
    assert.equal(by("saga-reply (pay-complete)").causeStep, by("balance-command (charge)").n);
    assert.equal(by("saga-reply (pay-refund)").kind, "compensation");
  });
});
