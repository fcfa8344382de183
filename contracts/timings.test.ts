import assert from "node:assert/strict";
import { test } from "node:test";
import { HAPPY, sagaEvents } from "../shared/fixtures";
import { formatMs, stepTiming, timingTotals } from "./timings";

test("splits a hop into Kafka wait, handler time and outbox wait", () => {
  const [create, decrease] = sagaEvents(HAPPY, { handlerMs: 7, outboxMs: 4, kafkaMs: 30 });
  const t0 = Date.parse(create.occurredAt);
  const first = stepTiming(create, null, t0);
  assert.deepEqual(first, { startMs: 0, endMs: 4, kafkaWaitMs: null, handlerMs: null, outboxMs: 4, totalMs: 4 });
  const second = stepTiming(decrease, create, t0);
  assert.equal(second.kafkaWaitMs, 30);
  assert.equal(second.handlerMs, 7);
  assert.equal(second.outboxMs, 4);
  assert.equal(second.startMs, 4);
  assert.equal(second.totalMs, 41);
  assert.deepEqual(timingTotals([first, second]), { kafkaMs: 30, handlerMs: 7, outboxMs: 8 });
});

test("clock skew never yields negative waits", () => {
  const [create, decrease] = sagaEvents(HAPPY);
  const skewed = { ...decrease, causeConsumedAt: new Date(Date.parse(create.brokerTimestamp) - 50).toISOString() };
  assert.equal(stepTiming(skewed, create, 0).kafkaWaitMs, 0);
});

test("formats durations for people", () => {
  assert.equal(formatMs(null), "–");
  assert.equal(formatMs(0.2), "<1 ms");
  assert.equal(formatMs(42.4), "42 ms");
  assert.equal(formatMs(1234), "1.23 s");
  assert.equal(formatMs(75_000), "1 min 15 s");
});
