// Orchestration journeys: the order's steps on the hub-and-spoke graph, named by what each
// command and reply carries, with the same node states, branches and reasons as choreography.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  HAPPY_ORCH,
  NO_BALANCE_ORCH,
  OUT_OF_STOCK_ORCH,
  pathEvents,
  sagaEvents,
  TIMED_OUT_ORCH,
} from "../../shared/fixtures";
import { journeyModel } from "./graphModel";
import { buildJourney, journeyAt } from "./journey";
import { buildLedger } from "./ledger";

test("happy orchestration: six named steps, the orchestrator completes the order, every participant done", () => {
  const j = buildJourney([...sagaEvents(HAPPY_ORCH)].reverse(), Date.now());
  assert.equal(j.mode, "orchestration");
  assert.deepEqual(
    j.steps.map((s) => `${s.n}:${s.name}`),
    [
      "1:stock-command (take)",
      "2:saga-reply (stock-decrease)",
      "3:balance-command (charge)",
      "4:saga-reply (pay-complete)",
      "5:notification-command (completed)",
      "6:saga-reply (notification-send)",
    ],
  );
  assert.deepEqual([j.outcome, j.reason, j.branch], ["COMPLETED", null, "happy path"]);
  assert.deepEqual(j.nodes, {
    order: "completed",
    stock: "completed",
    balance: "completed",
    notification: "completed",
    platform: "notified",
  });
  assert.deepEqual(j.edges["balance-command:charge"], { taken: true, steps: [3], ms: j.steps[2].timing.totalMs });
  assert.equal(j.edges["saga-reply:pay-fail"]?.taken, false);
  assert.equal(j.edges["order-create"], undefined, "no choreography edge on the orchestration graph");
  assert.equal(j.expected, null);
});

test("payment failed in orchestration: the restore command and its reply are compensations, stock compensated", () => {
  const j = buildJourney(sagaEvents(NO_BALANCE_ORCH), Date.now());
  assert.deepEqual([j.outcome, j.reason, j.branch], ["CANCELLED", "INSUFFICIENT_BALANCE", "payment failed"]);
  assert.deepEqual(j.nodes, {
    order: "cancelled",
    stock: "compensated",
    balance: "failed",
    notification: "completed",
    platform: "notified",
  });
  assert.deepEqual(
    j.steps.map((s) => s.kind),
    ["forward", "forward", "forward", "failure", "compensation", "compensation", "compensation", "forward"],
  );
  const m = journeyModel(j);
  const edge = (id: string) => m.edges.find((e) => e.id === id)!;
  assert.equal(edge("stock-command:restore").ariaLabel, "stock-command (restore) (compensation): step 5, taken, 18 ms");
  assert.equal(edge("saga-reply:pay-fail").ariaLabel, "saga-reply (pay-fail) (failure): step 4, taken, 18 ms");
  assert.equal(edge("saga-reply:pay-complete").ariaLabel, "saga-reply (pay-complete): not taken");
  assert.equal(m.nodes.find((n) => n.id === "order")!.ariaLabel, "Order service (orchestrator): cancelled");
  assert.deepEqual(
    m.nodes.map((n) => n.id),
    ["order", "stock", "balance", "notification"],
  );
  assert.deepEqual(
    buildLedger(sagaEvents(NO_BALANCE_ORCH), j.outcome).rows.map((r) => [r.resource, r.forward, r.undone, r.status]),
    [["stock", 2, 2, "matched"]],
  );
});

test("out of stock in orchestration: the orchestrator cancels at once, balance never reached", () => {
  const j = buildJourney(sagaEvents(OUT_OF_STOCK_ORCH), Date.now());
  assert.deepEqual([j.outcome, j.reason, j.branch], ["CANCELLED", "OUT_OF_STOCK", "out of stock / unknown product"]);
  assert.deepEqual(j.nodes, {
    order: "cancelled",
    stock: "failed",
    balance: "not reached",
    notification: "completed",
    platform: "notified",
  });
  assert.deepEqual(buildLedger(sagaEvents(OUT_OF_STOCK_ORCH), "CANCELLED").rows, []);
});

test("an orchestrated time-out: refund, restore and notice at once; the late payment refunded", () => {
  const events = pathEvents(TIMED_OUT_ORCH);
  const j = buildJourney(events, Date.now());
  assert.deepEqual([j.outcome, j.reason, j.branch], ["CANCELLED", "TIMEOUT", "timed out"]);
  assert.deepEqual(j.nodes, {
    order: "cancelled",
    stock: "compensated",
    balance: "compensated",
    notification: "completed",
    platform: "notified",
  });
  const ledger = buildLedger(events, "CANCELLED");
  assert.deepEqual(
    ledger.rows.map((r) => [r.resource, r.forward, r.undone, r.status]),
    [
      ["stock", 2, 2, "matched"],
      ["points", 600, 600, "matched"],
    ],
  );
});

test("in flight: the orchestrator or the participant named as the one to act next", () => {
  const evs = sagaEvents(HAPPY_ORCH);
  const afterReply = buildJourney(evs.slice(0, 2), Date.parse(evs[1].brokerTimestamp));
  assert.deepEqual([afterReply.expected?.service, afterReply.expected?.steps], ["order", ["balance-command (charge)"]]);
  assert.equal(afterReply.nodes.order, "waiting");
  const afterCharge = journeyAt(evs, 3);
  assert.deepEqual(
    [afterCharge.expected?.service, afterCharge.expected?.steps],
    ["balance", ["saga-reply (pay-complete)", "saga-reply (pay-fail)"]],
  );
  assert.equal(afterCharge.mode, "orchestration");
  assert.equal(journeyAt(evs, 0).mode, "orchestration", "replay from nothing keeps the order's mode");
});

test("the mode given by the order's view wins over what its events suggest", () => {
  assert.equal(buildJourney([], Date.now(), "orchestration").mode, "orchestration");
  assert.equal(buildJourney([], Date.now()).mode, "choreography");
});
