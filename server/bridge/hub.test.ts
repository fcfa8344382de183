import assert from "node:assert/strict";
import { test } from "node:test";
import { HAPPY, HAPPY_ORCH, NO_BALANCE, sagaEvents } from "../../shared/fixtures";
import type { ChangeNotice, FeedBatch, SagaEvent } from "../../contracts/socket";
import { BridgeHub, type FlushSink } from "./hub";

function recorder() {
  const feeds: FeedBatch[] = [];
  const changes: ChangeNotice[] = [];
  const orders: [string, SagaEvent[]][] = [];
  const sink: FlushSink = {
    feed: (b) => feeds.push(b),
    changes: (c) => changes.push(c),
    order: (id, e) => orders.push([id, e]),
  };
  return { sink, feeds, changes, orders };
}

test("records are batched until a flush, then split per order room", () => {
  let now = 10_000;
  const hub = new BridgeHub({ now: () => now });
  const r = recorder();
  const a = sagaEvents(HAPPY, { orderId: "a" });
  const b = sagaEvents(NO_BALANCE, { orderId: "b" });
  for (const ev of [...a, ...b]) hub.ingest(ev);
  assert.equal(r.feeds.length, 0);
  assert.equal(hub.flush(r.sink), 11);
  assert.equal(r.feeds.length, 1);
  assert.equal(r.feeds[0].events.length, 11);
  assert.equal(r.feeds[0].stats.orders.completed, 1);
  assert.deepEqual(
    r.orders.map(([id, e]) => [id, e.length]),
    [
      ["a", 5],
      ["b", 6],
    ],
  );
  assert.equal(r.changes[0].topics["order-create"], 2);
  assert.equal(hub.flush(r.sink), 0);
  assert.equal(r.feeds.length, 1);
  now += 2_000;
  hub.flush(r.sink);
  assert.equal(r.feeds.length, 2, "an idle flush refreshes the stats every 2 s");
  assert.equal(r.feeds[1].events.length, 0);
});

test("a record read twice is sent once", () => {
  const hub = new BridgeHub();
  const r = recorder();
  const evs = sagaEvents(HAPPY);
  for (const ev of evs) hub.ingest(ev);
  hub.flush(r.sink);
  for (const ev of evs) assert.equal(hub.ingest(ev), false);
  assert.equal(hub.flush(r.sink), 0);
});

test("snapshots come from flushed records only, bounded, and per order", () => {
  const hub = new BridgeHub({ ringSize: 8, snapshotSize: 4 });
  const r = recorder();
  const a = sagaEvents(HAPPY, { orderId: "a" });
  const b = sagaEvents(HAPPY, { orderId: "b" });
  for (const ev of a) hub.ingest(ev);
  hub.flush(r.sink);
  for (const ev of b) hub.ingest(ev);
  assert.deepEqual(
    hub.recent().map((e) => e.id),
    a.slice(1).map((e) => e.id),
  );
  hub.flush(r.sink);
  assert.deepEqual(
    hub.recent().map((e) => e.id),
    b.slice(1).map((e) => e.id),
  );
  assert.deepEqual(
    hub.orderEvents("a").map((e) => e.topic),
    ["pay-complete", "order-complete", "notification-send"],
  );
});

test("orchestration records are counted as sagas and per edge, and reach their order's room", () => {
  const hub = new BridgeHub({ now: () => 0 });
  const r = recorder();
  for (const ev of [...sagaEvents(HAPPY_ORCH, { orderId: "o" }), ...sagaEvents(NO_BALANCE, { orderId: "c" })])
    hub.ingest(ev);
  hub.flush(r.sink);
  const stats = r.feeds[0].stats;
  assert.deepEqual(stats.orders, { created: 2, completed: 1, cancelled: 1, inFlight: 0 });
  assert.equal(stats.orchestrationEdges["balance-command:charge"], 1);
  assert.equal(stats.modes.orchestration.balance.completed, 1);
  assert.equal(stats.modes.choreography.balance.failed, 1);
  assert.equal(r.changes[0].topics["saga-reply"], 3);
  assert.deepEqual(
    r.orders.map(([id, e]) => [id, e.length]),
    [
      ["o", 6],
      ["c", 6],
    ],
  );
  assert.equal(hub.orderEvents("o").length, 6);
});
