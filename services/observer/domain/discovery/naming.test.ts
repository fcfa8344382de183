import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { commonPrefix, endingOf, kebab, kindOf, producerOf, sagaName, topicStem } from "./naming";
import { fielded } from "./testing";

describe("the names a proposal gives", () => {
  it("kebab-cases values and topics", () => {
    assert.equal(kebab("TransferRequested"), "transfer-requested");
    assert.equal(kebab("OUT_OF_STOCK"), "out-of-stock");
    assert.equal(kebab("stock.decrease FAIL"), "stock-decrease-fail");
    assert.equal(kebab("HTTPRequestSent"), "http-request-sent");
    assert.equal(kebab("!!!"), "");
  });

  it("finds the topics' common prefix, their stems and a saga name", () => {
    assert.equal(commonPrefix(["t42.orders", "t42.payments"]), "t42.");
    assert.equal(commonPrefix(["purchases", "payment-purchases"]), "");
    assert.equal(topicStem("t42.payment-replies", "t42."), "payment");
    assert.equal(sagaName(["t42.orders", "t42.payments"]), "t42-saga");
    assert.equal(sagaName(["purchases", "payment-purchases"]), "purchases-saga");
    assert.equal(sagaName(["__x"]), "x-saga");
  });

  it("guesses a step's kind and ending from its name", () => {
    assert.equal(kindOf("payment-failed"), "failure");
    assert.equal(kindOf("order-cancelled"), "failure");
    assert.equal(kindOf("funds-released"), "compensation");
    assert.equal(kindOf("rollback"), "compensation");
    assert.equal(kindOf("order-placed"), "forward");
    assert.equal(endingOf("order-completed"), "COMPLETED");
    assert.equal(endingOf("transfer-cancelled"), "CANCELLED");
  });

  it("takes the producer from a header or field that names it, on nearly every record", () => {
    const rs = [1, 2, 3].map((i) => fielded("t", i, { producer: "StockService" }, { "x-source": "ignored" + i }));
    assert.equal(producerOf(rs, new Set()), "stock-service");
    assert.equal(producerOf(rs, new Set(["path:producer"])), null);
  });
});
