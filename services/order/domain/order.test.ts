import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalizeItems, onPaymentCompleted, onSagaFailed, type OrderState } from "./order";

const pending: OrderState = { id: "o1", userId: "u1", status: "PENDING", reason: null };

describe("order transitions", () => {
  it("completes a pending order on payment", () => {
    assert.deepEqual(onPaymentCompleted(pending), { kind: "complete" });
  });

  it("ignores payment for a terminal or unknown order", () => {
    assert.equal(onPaymentCompleted({ ...pending, status: "COMPLETED" }).kind, "ignore");
    assert.equal(onPaymentCompleted({ ...pending, status: "CANCELLED", reason: "TIMEOUT" }).kind, "ignore");
    assert.equal(onPaymentCompleted(null).kind, "ignore");
  });

  it("cancels a pending order with the failure's reason, once", () => {
    assert.deepEqual(onSagaFailed(pending, "OUT_OF_STOCK"), { kind: "cancel", reason: "OUT_OF_STOCK" });
    assert.equal(onSagaFailed({ ...pending, status: "CANCELLED", reason: "OUT_OF_STOCK" }, "TIMEOUT").kind, "ignore");
    assert.equal(onSagaFailed({ ...pending, status: "COMPLETED" }, "INSUFFICIENT_BALANCE").kind, "ignore");
  });
});

describe("normalizeItems", () => {
  it("merges lines of one product and sorts by product", () => {
    assert.deepEqual(
      normalizeItems([
        { productId: "b", quantity: 1 },
        { productId: "a", quantity: 2 },
        { productId: "b", quantity: 3 },
      ]),
      [
        { productId: "a", quantity: 2 },
        { productId: "b", quantity: 4 },
      ],
    );
  });
});
