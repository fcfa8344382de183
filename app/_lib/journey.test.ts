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
import { buildJourney, HOP_BUDGET_MS, journeyAt, sagaTookText } from "./journey";

test("happy path: five numbered steps, every service done, failure branches not taken", () => {
  const evs = sagaEvents(HAPPY);
  const j = buildJourney([...evs].reverse(), Date.now());
  assert.deepEqual(
    j.steps.map((s) => `${s.n}:${s.step.topic}`),
    ["1:order-create", "2:stock-decrease", "3:pay-complete", "4:order-complete", "5:notification-send"],
  );
  assert.equal(j.outcome, "COMPLETED");
  assert.equal(j.branch, "happy path");
  assert.deepEqual(j.nodes, {
    order: "completed",
    stock: "completed",
    balance: "completed",
    notification: "completed",
    platform: "notified",
  });
  assert.equal(j.edges["pay-fail"]!.taken, false);
  assert.deepEqual(j.edges["pay-complete"]!.steps, [3]);
  assert.equal(j.expected, null);
});

test("out of stock: stock failed, balance never reached, reason from the cancel", () => {
  const j = buildJourney(sagaEvents(OUT_OF_STOCK), Date.now());
  assert.equal(j.outcome, "CANCELLED");
  assert.equal(j.reason, "OUT_OF_STOCK");
  assert.equal(j.branch, "out of stock / unknown product");
  assert.deepEqual(j.nodes, {
    order: "cancelled",
    stock: "failed",
    balance: "not reached",
    notification: "completed",
    platform: "notified",
  });
  assert.equal(j.edges["stock-decrease"]!.taken, false);
});

test("insufficient balance: payment failed and stock compensated", () => {
  const j = buildJourney(sagaEvents(NO_BALANCE), Date.now());
  assert.equal(j.reason, "INSUFFICIENT_BALANCE");
  assert.equal(j.branch, "payment failed");
  assert.deepEqual(j.nodes, {
    order: "cancelled",
    stock: "compensated",
    balance: "failed",
    notification: "completed",
    platform: "notified",
  });
  assert.deepEqual(j.edges["stock-restore"]!.steps, [4]);
});

test("duplicates are folded: the same eventId at a new offset is a duplicate record; the same record given twice is one record", () => {
  const evs = sagaEvents(HAPPY);
  const j = buildJourney([...evs, evs[1], redelivered(evs[2], 500)], Date.now());
  assert.equal(j.steps.length, 5);
  assert.equal(j.duplicates, 1);
  assert.equal(j.steps[1].redeliveries, 0);
  assert.equal(j.steps[2].redeliveries, 1);
});

test("in flight: names the next step and how long it is overdue", () => {
  const evs = sagaEvents(["order-create", "stock-decrease"]);
  const last = Date.parse(evs[1].brokerTimestamp);
  const j = buildJourney(evs, last + HOP_BUDGET_MS + 1500);
  assert.equal(j.outcome, "PENDING");
  assert.deepEqual(j.expected?.steps, ["pay-complete", "pay-fail"]);
  assert.equal(j.expected?.service, "balance");
  assert.equal(j.expected?.overdueMs, 1500);
  assert.equal(j.nodes.balance, "waiting");
  assert.equal(j.nodes.order, "in progress");
});

test("replay: the journey after k events", () => {
  const evs = sagaEvents(NO_BALANCE);
  const j = journeyAt(evs, 3);
  assert.deepEqual(
    j.steps.map((s) => s.step.topic),
    ["order-create", "stock-decrease", "pay-fail"],
  );
  assert.equal(j.nodes.stock, "waiting");
  assert.equal(j.expected?.overdueMs, 0);
});

test("a journey of 200 records builds quickly", () => {
  const evs = sagaEvents(HAPPY);
  const many = Array.from({ length: 195 }, (_, i) => redelivered(evs[i % 5], 1000 + i));
  const t = performance.now();
  const j = buildJourney([...evs, ...many], Date.now());
  assert.equal(j.steps.length, 5);
  assert.equal(j.duplicates, 195);
  assert.ok(performance.now() - t < 100);
});

test("live status prefers the saga's events over the stored view", async () => {
  const { liveStatus } = await import("./journey");
  const j = buildJourney(sagaEvents(OUT_OF_STOCK), Date.now());
  assert.deepEqual(liveStatus({ status: "PENDING", reason: null }, j), { status: "CANCELLED", reason: "OUT_OF_STOCK" });
  const pending = buildJourney(sagaEvents(["order-create"]), Date.now());
  assert.deepEqual(liveStatus({ status: "COMPLETED", reason: null }, pending), { status: "COMPLETED", reason: null });
  assert.deepEqual(liveStatus(null, pending), { status: "PENDING", reason: null });
});

test("timed out after payment: the cancel's reason, stock put back and points refunded", () => {
  const j = buildJourney(sagaEvents(TIMED_OUT_AFTER_PAYMENT), Date.now());
  assert.equal(j.outcome, "CANCELLED");
  assert.equal(j.reason, "TIMEOUT");
  assert.equal(j.branch, "timed out");
  assert.deepEqual(j.nodes, {
    order: "cancelled",
    stock: "compensated",
    balance: "compensated",
    notification: "completed",
    platform: "notified",
  });
  assert.deepEqual(j.edges["pay-refund"]!.steps, [6]);
  assert.equal(j.expected, null);
});

test("the header says how long the saga took, and 'so far' only while it runs", () => {
  const fmt = (ms: number) => `${ms} ms`;
  assert.equal(sagaTookText({ totalMs: 106, outcome: "COMPLETED" }, fmt), " · saga took 106 ms");
  assert.equal(sagaTookText({ totalMs: 90, outcome: "CANCELLED" }, fmt), " · saga took 90 ms");
  assert.equal(sagaTookText({ totalMs: 40, outcome: "PENDING" }, fmt), " · saga took 40 ms so far");
  assert.equal(sagaTookText({ totalMs: null, outcome: "PENDING" }, fmt), "");
});
