import assert from "node:assert/strict";
import { test } from "node:test";
import type { OrderSummary } from "../../contracts/api";
import { HAPPY, HAPPY_ORCH, NO_BALANCE, NO_BALANCE_ORCH, OUT_OF_STOCK_ORCH, sagaEvents } from "../../shared/fixtures";
import { applyEventsToList, filterFromQuery, filterOrders, filterToQuery, heldIds, NO_FILTER } from "./orderList";

const row = (orderId: string, over: Partial<OrderSummary> = {}): OrderSummary => ({
  orderId,
  userId: "u-bob",
  mode: "choreography",
  status: "PENDING",
  reason: null,
  totalAmount: null,
  itemCount: 1,
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  ...over,
});

test("new orders appear first and terminal events update status in place", () => {
  const a = sagaEvents(HAPPY, { orderId: "o-a", startMs: Date.UTC(2025, 0, 2) });
  const b = sagaEvents(NO_BALANCE, { orderId: "o-b", startMs: Date.UTC(2025, 0, 3) });
  const list = applyEventsToList([row("o-old")], [...a, ...b]);
  assert.deepEqual(
    list.map((o) => [o.orderId, o.status, o.reason]),
    [
      ["o-b", "CANCELLED", "INSUFFICIENT_BALANCE"],
      ["o-a", "COMPLETED", null],
      ["o-old", "PENDING", null],
    ],
  );
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
  const list = [
    row("o-1"),
    row("o-2", { status: "CANCELLED", reason: "OUT_OF_STOCK" }),
    row("o-3", { userId: "u-carol" }),
  ];
  assert.deepEqual(
    filterOrders(list, { ...NO_FILTER, status: "CANCELLED" }).map((o) => o.orderId),
    ["o-2"],
  );
  assert.deepEqual(
    filterOrders(list, { ...NO_FILTER, reason: "OUT_OF_STOCK" }).map((o) => o.orderId),
    ["o-2"],
  );
  assert.deepEqual(
    filterOrders(list, { ...NO_FILTER, q: "carol" }).map((o) => o.orderId),
    ["o-3"],
  );
  assert.deepEqual(
    filterOrders(list, { ...NO_FILTER, q: "O-1" }).map((o) => o.orderId),
    ["o-1"],
  );
});

test("orchestration orders start with the take command and end with the orchestrator's notice", () => {
  const a = sagaEvents(HAPPY_ORCH, { orderId: "o-a", startMs: Date.UTC(2025, 0, 2) });
  const b = sagaEvents(NO_BALANCE_ORCH, { orderId: "o-b", startMs: Date.UTC(2025, 0, 3) });
  const c = sagaEvents(OUT_OF_STOCK_ORCH, { orderId: "o-c", startMs: Date.UTC(2025, 0, 4) });
  const list = applyEventsToList([], [...a, ...b, ...c]);
  assert.deepEqual(
    list.map((o) => [o.orderId, o.mode, o.status, o.reason, o.totalAmount]),
    [
      ["o-c", "orchestration", "CANCELLED", "OUT_OF_STOCK", null],
      ["o-b", "orchestration", "CANCELLED", "INSUFFICIENT_BALANCE", 600],
      ["o-a", "orchestration", "COMPLETED", null, 600],
    ],
  );
  const pending = applyEventsToList([], a.slice(0, 2));
  assert.deepEqual([pending[0].status, pending[0].totalAmount, pending[0].itemCount], ["PENDING", 600, 1]);
  assert.deepEqual(applyEventsToList([], a.slice(1)), [], "a reply alone does not start a row");
});

test("filters by mode, and the filter goes to and from the URL", () => {
  const list = [row("o-1"), row("o-2", { mode: "orchestration" })];
  assert.deepEqual(
    filterOrders(list, { ...NO_FILTER, mode: "orchestration" }).map((o) => o.orderId),
    ["o-2"],
  );
  assert.deepEqual(
    filterOrders(list, { ...NO_FILTER, mode: "choreography" }).map((o) => o.orderId),
    ["o-1"],
  );
  const f = filterFromQuery(new URLSearchParams("mode=orchestration&status=CANCELLED&reason=nope&q=u-bob"));
  assert.deepEqual(f, { status: "CANCELLED", reason: "", mode: "orchestration", q: "u-bob" });
  assert.equal(filterToQuery(f), "?status=CANCELLED&mode=orchestration&q=u-bob");
  assert.equal(filterToQuery(NO_FILTER), "");
  assert.deepEqual(filterFromQuery(new URLSearchParams("mode=both")), NO_FILTER);
});

test("holding keeps shown rows in place and counts the new ones", () => {
  assert.deepEqual(heldIds(["b", "a"], ["c", "b", "a"], true), { ids: ["b", "a"], waiting: 1 });
  assert.deepEqual(heldIds(["b", "a"], ["c", "b", "a"], false), { ids: ["c", "b", "a"], waiting: 0 });
  assert.deepEqual(heldIds(["b", "a"], ["c", "a"], true), { ids: ["a"], waiting: 1 });
});
