import assert from "node:assert/strict";
import { test } from "node:test";
import { edgeUsage, edgeWidth, EventWindow } from "./eventWindow";
import { HAPPY, HAPPY_ORCH, NO_BALANCE, NO_BALANCE_ORCH, sagaEvents } from "../../shared/fixtures";

test("snapshot and overlapping live batches are shown once", () => {
  const evs = sagaEvents(HAPPY);
  const w = new EventWindow(100);
  w.reset(evs.slice(0, 3));
  const fresh = w.add(evs.slice(2));
  assert.deepEqual(
    fresh.map((e) => e.id),
    evs.slice(3).map((e) => e.id),
  );
  assert.equal(w.size, 5);
  assert.deepEqual(w.add(evs), []);
});

test("the window is bounded and forgets evicted ids", () => {
  const evs = sagaEvents(NO_BALANCE);
  const w = new EventWindow(2);
  w.add(evs);
  assert.equal(w.size, 2);
  assert.equal(w.has(evs[0].id), false);
  assert.equal(w.has(evs[5].id), true);
  assert.equal(w.list(), w.list());
});

test("edge usage counts distinct orders per topic", () => {
  const evs = [
    ...sagaEvents(HAPPY, { orderId: "a" }),
    ...sagaEvents(NO_BALANCE, { orderId: "b" }),
    ...sagaEvents(["order-create"], { orderId: "a" }),
  ];
  const u = edgeUsage(evs);
  assert.equal(u["order-create"], 2);
  assert.equal(u["pay-fail"], 1);
  assert.equal(u["pay-complete"], 1);
  assert.equal(edgeWidth(0, 10), 1.5);
  assert.equal(edgeWidth(10, 10), 7);
});

test("edge usage tells orchestration's commands and replies apart on one topic", () => {
  const evs = [
    ...sagaEvents(NO_BALANCE_ORCH, { orderId: "a" }),
    ...sagaEvents(HAPPY_ORCH, { orderId: "b" }),
    ...sagaEvents(["saga-dlq"], { orderId: "c" }),
  ];
  const u = edgeUsage(evs);
  assert.equal(u["stock-command:take"], 2);
  assert.equal(u["stock-command:restore"], 1);
  assert.equal(u["saga-reply:pay-fail"], 1);
  assert.equal(u["saga-reply:pay-complete"], 1);
  assert.equal(
    Object.keys(u).some((k) => k === "saga-dlq" || k === "saga-reply"),
    false,
  );
});
