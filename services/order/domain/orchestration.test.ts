import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { REPLY_OUTCOMES } from "../../../contracts";
import { decideReply, decideTimeout, startSaga, type Reply, type SagaStepName } from "./orchestration";
import type { OrderState } from "./order";

const pending: OrderState = { id: "o1", userId: "u1", status: "PENDING", reason: null };
const items = [{ productId: "kb", quantity: 2, unitPrice: 120, lineAmount: 240 }];
const replies: Record<(typeof REPLY_OUTCOMES)[number], Reply> = {
  "stock-decrease": { outcome: "stock-decrease", result: { userId: "u1", items, totalAmount: 240, stockLevels: [] } },
  "stock-decrease-fail": {
    outcome: "stock-decrease-fail",
    result: { userId: "u1", reason: "OUT_OF_STOCK", productId: "kb", detail: "none left" },
  },
  "stock-restore": {
    outcome: "stock-restore",
    result: { items: [], stockLevels: [], reason: "INSUFFICIENT_BALANCE", detail: "balance 1" },
  },
  "pay-complete": { outcome: "pay-complete", result: { userId: "u1", amount: 240, balanceAfter: 10, items } },
  "pay-fail": {
    outcome: "pay-fail",
    result: { userId: "u1", amount: 240, reason: "INSUFFICIENT_BALANCE", detail: "balance 1" },
  },
  "pay-refund": { outcome: "pay-refund", result: { userId: "u1", amount: 240, balanceAfter: 250 } },
  "notification-send": {
    outcome: "notification-send",
    result: { userId: "u1", channel: "mail", orderStatus: "COMPLETED", reason: null, message: "ok" },
  },
};
const STEPS: SagaStepName[] = ["TAKE_STOCK", "CHARGE", "RESTORE_STOCK", "NOTIFY", "DONE"];

describe("the orchestrator's steps", () => {
  it("starts by asking stock to take the items", () => {
    assert.deepEqual(startSaga("u1", [{ productId: "kb", quantity: 2 }]), {
      step: "TAKE_STOCK",
      commands: [
        {
          topic: "stock-command",
          payload: { action: "take", userId: "u1", items: [{ productId: "kb", quantity: 2 }] },
        },
      ],
    });
  });

  it("charges what stock priced, completes on payment and then notifies", () => {
    const charge = decideReply("TAKE_STOCK", pending, replies["stock-decrease"]);
    assert.deepEqual(charge, {
      kind: "advance",
      step: "CHARGE",
      order: null,
      commands: [{ topic: "balance-command", payload: { action: "charge", userId: "u1", amount: 240, items } }],
    });
    const paid = decideReply("CHARGE", pending, replies["pay-complete"]);
    assert.deepEqual(paid, {
      kind: "advance",
      step: "NOTIFY",
      order: { kind: "complete", totalAmount: 240, items },
      commands: [
        { topic: "notification-command", payload: { orderStatus: "COMPLETED", userId: "u1", totalAmount: 240 } },
      ],
    });
    assert.deepEqual(decideReply("NOTIFY", { ...pending, status: "COMPLETED" }, replies["notification-send"]), {
      kind: "advance",
      step: "DONE",
      order: null,
      commands: [],
    });
  });

  it("cancels at once when stock refuses, and restores stock before cancelling when payment fails", () => {
    const refused = decideReply("TAKE_STOCK", pending, replies["stock-decrease-fail"]);
    assert.equal(refused.kind === "advance" && refused.order?.kind, "cancel");
    assert.deepEqual(refused.kind === "advance" && refused.commands.map((c) => c.topic), ["notification-command"]);
    const unpaid = decideReply("CHARGE", pending, replies["pay-fail"]);
    assert.deepEqual(unpaid, {
      kind: "advance",
      step: "RESTORE_STOCK",
      order: null,
      commands: [
        {
          topic: "stock-command",
          payload: { action: "restore", userId: "u1", reason: "INSUFFICIENT_BALANCE", detail: "balance 1" },
        },
      ],
    });
    const restored = decideReply("RESTORE_STOCK", pending, replies["stock-restore"]);
    assert.deepEqual(restored.kind === "advance" && restored.order, {
      kind: "cancel",
      reason: "INSUFFICIENT_BALANCE",
      detail: "balance 1",
    });
  });

  it("times out by refunding, then restoring, then notifying; never twice", () => {
    const t = decideTimeout("CHARGE", pending, "still PENDING after 30000 ms");
    assert.deepEqual(
      t.kind === "advance" &&
        t.commands.map((c) => `${c.topic}:${"action" in c.payload ? c.payload.action : c.payload.orderStatus}`),
      ["balance-command:refund", "stock-command:restore", "notification-command:CANCELLED"],
    );
    assert.equal(decideTimeout("NOTIFY", pending, "x").kind, "ignore");
    assert.equal(
      decideTimeout("TAKE_STOCK", { ...pending, status: "CANCELLED", reason: "TIMEOUT" }, "x").kind,
      "ignore",
    );
  });

  it("moves only on the reply its step waits for, and never changes a terminal order", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STEPS),
        fc.constantFrom(...REPLY_OUTCOMES),
        fc.constantFrom<OrderState["status"]>("PENDING", "COMPLETED", "CANCELLED"),
        (step, outcome, status) => {
          const d = decideReply(step, { ...pending, status }, replies[outcome]);
          const waited: Record<SagaStepName, string[]> = {
            TAKE_STOCK: ["stock-decrease", "stock-decrease-fail"],
            CHARGE: ["pay-complete", "pay-fail"],
            RESTORE_STOCK: ["stock-restore"],
            NOTIFY: ["notification-send"],
            DONE: [],
          };
          if (!waited[step].includes(outcome)) assert.equal(d.kind, "ignore");
          if (d.kind === "advance" && d.order)
            assert.equal(status, "PENDING", "only a pending order completes or cancels");
          if (d.kind === "advance") assert.ok(STEPS.indexOf(d.step) > STEPS.indexOf(step), "a saga only moves forward");
        },
      ),
    );
  });

  it("ignores replies for an order it does not orchestrate", () => {
    assert.equal(decideReply(null, pending, replies["stock-decrease"]).kind, "ignore");
    assert.equal(decideReply("TAKE_STOCK", null, replies["stock-decrease"]).kind, "ignore");
  });
});
