import assert from "node:assert/strict";
import { test } from "node:test";
import { HAPPY, HAPPY_ORCH, NO_BALANCE, NO_BALANCE_ORCH, sagaEvents } from "../../shared/fixtures";
import { journeyModel, liveModel } from "./graphModel";
import { buildJourney } from "./journey";
import { applyEvent, createStatsState, statsView } from "../../shared/sagaStats";

test("journey names say which service did what and which edges were taken", () => {
  const m = journeyModel(buildJourney(sagaEvents(NO_BALANCE, { handlerMs: 5, outboxMs: 3, kafkaMs: 10 }), Date.now()));
  const node = (id: string) => m.nodes.find((n) => n.id === id)!;
  const edge = (id: string) => m.edges.find((e) => e.id === id)!;
  assert.equal(node("stock").ariaLabel, "Stock service: compensated");
  assert.equal(node("balance").ariaLabel, "Balance service: failed");
  assert.equal(node("order").ariaLabel, "Order service: cancelled");
  assert.deepEqual(node("stock").facts, [{ label: "steps", value: "2, 4" }]);
  assert.equal(edge("pay-fail").ariaLabel, "pay-fail (failure): step 3, taken, 18 ms");
  assert.equal(edge("stock-restore").ariaLabel, "stock-restore (compensation): step 4, taken, 18 ms");
  assert.equal(edge("pay-complete").ariaLabel, "pay-complete: not taken");
  assert.equal(edge("pay-complete").taken, false);
});

test("live names carry the counts of each node and the recent use of each edge", () => {
  const s = createStatsState();
  for (const ev of sagaEvents(HAPPY)) applyEvent(s, ev);
  const m = liveModel(statsView(s, Date.now()), { "order-create": 4, "pay-fail": 1 });
  assert.equal(
    m.nodes.find((n) => n.id === "stock")!.ariaLabel,
    "Stock service: in flight 0, completed 1, failed 0, compensated 0, lag ?",
  );
  assert.equal(
    m.edges.find((e) => e.id === "pay-fail")!.ariaLabel,
    "pay-fail: failure from Balance service to Stock service, 1 recent orders",
  );
  assert.ok(m.edges.find((e) => e.id === "order-create")!.width > m.edges.find((e) => e.id === "pay-fail")!.width);
});

test("a service that is down, or has a fault in force, says so on the live map", () => {
  const s = createStatsState();
  for (const ev of sagaEvents(HAPPY)) applyEvent(s, ev);
  const healthy = { down: false, detail: null, fault: null, injected: 0 };
  const m = liveModel(
    statsView(s, Date.now()),
    {},
    {
      stock: { down: true, detail: "fetch failed", fault: null, injected: 0 },
      balance: { down: false, detail: null, fault: "failing next 3", injected: 1 },
      order: healthy,
    },
  );
  const node = (id: string) => m.nodes.find((n) => n.id === id)!;
  assert.equal(node("stock").state, "down");
  assert.equal(node("stock").tone, "failed");
  assert.match(node("stock").ariaLabel, /^Stock service: down, in flight 0/);
  assert.equal(node("balance").state, "fault: failing next 3");
  assert.deepEqual(node("balance").facts.at(-1), { label: "fault", value: "failing next 3" });
  assert.match(node("balance").ariaLabel, /^Balance service: fault: failing next 3, /);
  assert.notEqual(node("order").state, "down");
  assert.equal(
    node("order").facts.some((f) => f.label === "fault"),
    false,
  );
});

test("the live orchestration map counts each participant's commands and replies and names each edge by what it carries", () => {
  const s = createStatsState();
  for (const ev of [...sagaEvents(HAPPY_ORCH), ...sagaEvents(NO_BALANCE_ORCH), ...sagaEvents(HAPPY)]) applyEvent(s, ev);
  const stats = statsView(s, Date.now());
  const m = liveModel(stats, { "stock-command:take": 2, "saga-reply:pay-fail": 1 }, undefined, "orchestration");
  assert.deepEqual(
    m.nodes.map((n) => n.id),
    ["order", "stock", "balance", "notification"],
  );
  assert.equal(
    m.nodes.find((n) => n.id === "stock")!.ariaLabel,
    "Stock service: in flight 0, completed 2, failed 0, compensated 1, lag ?",
  );
  assert.equal(
    m.nodes.find((n) => n.id === "order")!.ariaLabel,
    "Order service (orchestrator): in flight 0, completed 1, failed 0, compensated 1, lag ?",
  );
  assert.equal(
    m.edges.find((e) => e.id === "saga-reply:pay-fail")!.ariaLabel,
    "saga-reply (pay-fail): failure from Balance service to Order service (orchestrator), 1 recent orders",
  );
  assert.equal(m.edges.find((e) => e.id === "stock-command:restore")!.kind, "compensation");
  assert.ok(
    m.edges.find((e) => e.id === "stock-command:take")!.width >
      m.edges.find((e) => e.id === "saga-reply:pay-fail")!.width,
  );
  const chor = liveModel(stats, {});
  assert.equal(
    chor.nodes.find((n) => n.id === "stock")!.ariaLabel,
    "Stock service: in flight 0, completed 1, failed 0, compensated 0, lag ?",
    "choreography's map counts its own sagas",
  );
});
