import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decidePayment, decideRefund } from "./balance";

describe("decidePayment", () => {
  it("pays when the balance covers the amount, to the last point", () => {
    assert.deepEqual(decidePayment({ id: "u", balance: 100 }, 100, null), {
      kind: "pay",
      amount: 100,
      balanceAfter: 0,
    });
    assert.deepEqual(decidePayment({ id: "u", balance: 150 }, 100, null), {
      kind: "pay",
      amount: 100,
      balanceAfter: 50,
    });
  });

  it("rejects one point short, and unknown users", () => {
    const short = decidePayment({ id: "u", balance: 99 }, 100, null);
    assert.equal(short.kind === "reject" && short.reason, "INSUFFICIENT_BALANCE");
    const unknown = decidePayment(null, 1, null);
    assert.equal(unknown.kind === "reject" && unknown.reason, "UNKNOWN_USER");
  });

  it("ignores an order already paid, rejected or voided", () => {
    for (const status of ["PAID", "REJECTED", "VOIDED"] as const) {
      assert.equal(decidePayment({ id: "u", balance: 1000 }, 1, { status, amount: 1, userId: "u" }).kind, "ignore");
    }
  });
});

describe("decideRefund", () => {
  it("refunds a payment once, voids when nothing was paid", () => {
    assert.deepEqual(decideRefund({ status: "PAID", amount: 7, userId: "u" }), {
      kind: "refund",
      amount: 7,
      userId: "u",
    });
    assert.equal(decideRefund({ status: "REFUNDED", amount: 7, userId: "u" }).kind, "ignore");
    assert.deepEqual(decideRefund(null), { kind: "void" });
  });
});
