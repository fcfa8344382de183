import assert from "node:assert/strict";
import { test } from "node:test";
import {
  HAPPY,
  NO_BALANCE,
  OUT_OF_STOCK,
  redelivered,
  sagaEvents,
  TIMED_OUT_AFTER_PAYMENT,
} from "../../shared/fixtures";
import { buildLedger } from "./ledger";

test("completed order keeps its stock and points", () => {
  const l = buildLedger(sagaEvents(HAPPY), "COMPLETED");
  assert.deepEqual(
    l.rows.map((r) => [r.resource, r.forward, r.undone, r.status]),
    [
      ["stock", 2, 0, "kept"],
      ["points", 600, 0, "kept"],
    ],
  );
  assert.equal(l.unmatched, 0);
});

test("payment failure: stock taken is matched by stock restored", () => {
  const l = buildLedger(sagaEvents(NO_BALANCE), "CANCELLED");
  assert.deepEqual(
    l.rows.map((r) => [r.resource, r.subject, r.forward, r.undone, r.status]),
    [["stock", "p-tea", 2, 2, "matched"]],
  );
});

test("out of stock: nothing was taken, so nothing to undo", () => {
  assert.deepEqual(buildLedger(sagaEvents(OUT_OF_STOCK), "CANCELLED").rows, []);
});

test("a cancelled order whose stock was never restored is flagged", () => {
  const evs = sagaEvents(NO_BALANCE).filter((e) => e.topic !== "stock-restore");
  const l = buildLedger(evs, "CANCELLED");
  assert.equal(l.unmatched, 1);
  assert.match(l.rows[0].note, /2 units not given back/);
});

test("a redelivered stock-decrease is not counted twice", () => {
  const evs = sagaEvents(HAPPY);
  const l = buildLedger([...evs, redelivered(evs[1], 900)], "COMPLETED");
  assert.equal(l.rows[0].forward, 2);
});

test("an in-flight order is open", () => {
  const l = buildLedger(sagaEvents(["order-create", "stock-decrease"]), "PENDING");
  assert.equal(l.rows[0].status, "open");
});

test("timed out after payment: the deduction is paired with its refund", () => {
  const l = buildLedger(sagaEvents(TIMED_OUT_AFTER_PAYMENT), "CANCELLED");
  assert.deepEqual(
    l.rows.map((r) => [r.resource, r.forward, r.undone, r.status]),
    [
      ["stock", 2, 2, "matched"],
      ["points", 600, 600, "matched"],
    ],
  );
  assert.equal(l.unmatched, 0);
  assert.equal(l.rows[1].note, "all 600 points given back");
});

test("a cancelled order whose points were never refunded is flagged", () => {
  const evs = sagaEvents(TIMED_OUT_AFTER_PAYMENT).filter((e) => e.topic !== "pay-refund");
  const l = buildLedger(evs, "CANCELLED");
  assert.equal(l.unmatched, 1);
  assert.match(l.rows.find((r) => r.resource === "points")!.note, /600 points not given back/);
});

test("a redelivered refund is not counted twice", () => {
  const evs = sagaEvents(TIMED_OUT_AFTER_PAYMENT);
  const refund = evs.find((e) => e.topic === "pay-refund")!;
  const l = buildLedger([...evs, redelivered(refund, 900)], "CANCELLED");
  assert.equal(l.rows.find((r) => r.resource === "points")!.undone, 600);
});
