import assert from "node:assert/strict";
import { test } from "node:test";
import type { OrderSummary } from "../../contracts/api";
import { HAPPY, NO_BALANCE, sagaEvents } from "./fixtures";
import { applyEventsToList, filterOrders, heldIds } from "./orderList";

const row = (orderId: string, over: Partial<OrderSummary> = {}): OrderSummary => ({
  orderId, userId: "u-bob", mode: "choreography", status: "PENDING", reason: null, totalAmount: null, itemCount: 1,
  createdAt: "2025-01-01T00:00:00.000Z", updatedAt: "2025-01-01T00:00:00.000Z", ...over,
});

test("new orders appear first and terminal events update status in place", () => {
  const a = sagaEvents(HAPPY, { orderId: "o-a", startMs: Date.UTC(2025, 0, 2) });
  const b = sagaEvents(NO_BALANCE, { orderId: "o-b", startMs: Date.UTC(2025, 0, 3) });
  const list = applyEventsToList([row("o-old")], [...a, ...b]);
  assert.deepEqual(list.map((o) => [o.orderId, o.status, o.reason]), [
    ["o-b", "CANCELLED", "INSUFFICIENT_BALANCE"],
    ["o-a", "COMPLETED", null],
    ["o-old", "PENDING", null],
  ]);
  assert.equal(list[1].totalAmount, 600);
});

test("events for orders already listed do not add rows; unchanged input returns the same list", () => {
  const base = [row("o-x", { status: "COMPLETED" })];
  const evs = sagaEvents(HAPPY, { orderId: "o-x" });
  assert.equal(applyEventsToList(base, evs), base);
  const pending = [row("o-y")];
  const done = applyEventsToList(pending, sagaEvents(HAPPY, { orderId: "o-y" }).slice(3, 4));
  assert.equal(done[0].status, "COMPLETED");
  assert.equal(pending[0].status, "PENDING");
});

test("the list is capped", () => {
  const evs = Array.from({ length: 5 }, (_, i) => sagaEvents(["order-create"], { orderId: `o-${i}` })[0]);
  assert.equal(applyEventsToList([], evs, 3).length, 3);
});

test("filters by status, reason and search on id or user", () => {
  const list = [row("o-1"), row("o-2", { status: "CANCELLED", reason: "OUT_OF_STOCK" }), row("o-3", { userId: "u-carol" })];
  assert.deepEqual(filterOrders(list, { status: "CANCELLED", reason: "", q: "" }).map((o) => o.orderId), ["o-2"]);
  assert.deepEqual(filterOrders(list, { status: "", reason: "OUT_OF_STOCK", q: "" }).map((o) => o.orderId), ["o-2"]);
  assert.deepEqual(filterOrders(list, { status: "", reason: "", q: "carol" }).map((o) => o.orderId), ["o-3"]);
  assert.deepEqual(filterOrders(list, { status: "", reason: "", q: "O-1" }).map((o) => o.orderId), ["o-1"]);
});

test("holding keeps shown rows in place and counts the new ones", () => {
  assert.deepEqual(heldIds(["b", "a"], ["c", "b", "a"], true), { ids: ["b", "a"], waiting: 1 });
  assert.deepEqual(heldIds(["b", "a"], ["c", "b", "a"], false), { ids: ["c", "b", "a"], waiting: 0 });
  assert.deepEqual(heldIds(["b", "a"], ["c", "a"], true), { ids: ["a"], waiting: 1 });
});
