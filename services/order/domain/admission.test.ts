import assert from "node:assert/strict";
import { test } from "node:test";
import { admit, inFlightLimit, nextRate } from "./admission";

const limits = { targetLatencyMs: 500, minInFlight: 50, maxInFlight: 5000 };

test("the limit is the orders finished in the target latency, within the floor and the cap", () => {
  assert.equal(inFlightLimit({ inFlight: 0, endsPerSecond: 400 }, limits), 200);
  assert.equal(inFlightLimit({ inFlight: 0, endsPerSecond: 0 }, limits), 50);
  assert.equal(inFlightLimit({ inFlight: 0, endsPerSecond: 1e6 }, limits), 5000);
});

test("below the limit an order is admitted; at it, refused with the time the excess takes to drain", () => {
  assert.deepEqual(admit({ inFlight: 199, endsPerSecond: 400 }, limits), { admit: true });
  assert.deepEqual(admit({ inFlight: 200, endsPerSecond: 400 }, limits), { admit: false, retryAfterSeconds: 1, limit: 200 });
  assert.deepEqual(admit({ inFlight: 1400, endsPerSecond: 100 }, limits), { admit: false, retryAfterSeconds: 14, limit: 50 });
});

test("nothing finishing (a service paused): refused for half a minute once the floor is full", () => {
  assert.deepEqual(admit({ inFlight: 50, endsPerSecond: 0 }, limits), { admit: false, retryAfterSeconds: 30, limit: 50 });
  assert.deepEqual(admit({ inFlight: 49, endsPerSecond: 0 }, limits), { admit: true });
});

test("a target of 0 admits everything", () => {
  assert.deepEqual(admit({ inFlight: 1e6, endsPerSecond: 0 }, { ...limits, targetLatencyMs: 0 }), { admit: true });
});

test("the rate follows the readings, smoothed, and never goes negative", () => {
  assert.equal(nextRate(0, 100, 0.5), 200);
  assert.equal(nextRate(200, 50, 0.5), 150);
  assert.equal(nextRate(200, -5, 1), 100);
  assert.equal(nextRate(200, 10, 0), 200);
});
