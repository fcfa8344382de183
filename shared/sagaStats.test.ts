import assert from "node:assert/strict";
import { test } from "node:test";
import { HAPPY, HAPPY_ORCH, NO_BALANCE, OUT_OF_STOCK, OUT_OF_STOCK_ORCH, redelivered, sagaEvents } from "./fixtures";
import { applyEvent, createStatsState, percentile, statsView } from "./sagaStats";

test("counts orders, nodes and compensations from the three saga paths", () => {
  const s = createStatsState();
  const start = Date.UTC(2025, 0, 1, 12, 0, 0);
  for (const ev of [
    ...sagaEvents(HAPPY, { startMs: start }),
    ...sagaEvents(OUT_OF_STOCK, { startMs: start }),
    ...sagaEvents(NO_BALANCE, { startMs: start }),
  ])
    applyEvent(s, ev);
  const v = statsView(s, start + 5_000);
  assert.deepEqual(v.orders, { created: 3, completed: 1, cancelled: 2, inFlight: 0 });
  assert.equal(v.nodes.stock.completed, 2);
  assert.equal(v.nodes.stock.failed, 1);
  assert.equal(v.nodes.stock.compensated, 1);
  assert.equal(v.nodes.stock.inFlight, 0);
  assert.equal(v.nodes.balance.failed, 1);
  assert.equal(v.nodes.order.compensated, 2);
  assert.equal(v.nodes.notification.completed, 3);
  assert.equal(v.compensationRate, 2 / 3);
  assert.equal(v.throughput, 0.3);
  assert.equal(v.latencyMs.samples, 3);
  assert.equal(v.dlqDepth, 0);
});

test("a redelivered event (same eventId, new offset) is counted once", () => {
  const s = createStatsState();
  const evs = sagaEvents(["order-create", "stock-decrease"]);
  for (const ev of evs) applyEvent(s, ev);
  assert.equal(applyEvent(s, redelivered(evs[1], 999)), false);
  const v = statsView(s, Date.now());
  assert.equal(v.topics["stock-decrease"], 1);
  assert.equal(v.nodes.balance.inFlight, 1);
  assert.equal(v.orders.inFlight, 1);
});

test("end-to-end latency runs from order-create to the terminal order event", () => {
  const s = createStatsState();
  for (const ev of sagaEvents(HAPPY, { handlerMs: 10, outboxMs: 5, kafkaMs: 20 })) applyEvent(s, ev);
  // three hops after order-create reach order-complete: 5 + 3 * (20 + 10) + 2 * 5
  assert.equal(statsView(s, 0).latencyMs.p50, 5 + 3 * 30 + 2 * 5);
});

test("nearest-rank percentiles", () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(values, 50), 50);
  assert.equal(percentile(values, 95), 95);
  assert.equal(percentile(values, 99), 99);
  assert.equal(percentile([], 50), null);
});

test("orchestration sagas start on the take command and end on the orchestrator's notice, counted per mode", () => {
  const s = createStatsState();
  const start = Date.UTC(2025, 0, 1, 12, 0, 0);
  for (const ev of [
    ...sagaEvents(HAPPY_ORCH, { startMs: start }),
    ...sagaEvents(OUT_OF_STOCK_ORCH, { startMs: start }),
    ...sagaEvents(HAPPY, { startMs: start }),
  ])
    applyEvent(s, ev);
  const v = statsView(s, start + 5_000);
  assert.deepEqual(v.orders, { created: 3, completed: 2, cancelled: 1, inFlight: 0 });
  assert.equal(v.latencyMs.samples, 3);
  assert.equal(v.modes.orchestration.stock.failed, 1);
  assert.equal(v.modes.orchestration.stock.completed, 1);
  assert.equal(v.modes.orchestration.notification.completed, 2);
  assert.equal(v.modes.choreography.stock.completed, 1);
  assert.equal(v.nodes.stock.completed, 2, "both modes together");
  assert.equal(v.orchestrationEdges["saga-reply:stock-decrease-fail"], 1);
  const pending = createStatsState();
  for (const ev of sagaEvents(HAPPY_ORCH).slice(0, 3)) applyEvent(pending, ev);
  const p = statsView(pending, start);
  assert.deepEqual(
    [p.orders.inFlight, p.modes.orchestration.balance.inFlight, p.modes.orchestration.order.inFlight],
    [1, 1, 1],
  );
});
