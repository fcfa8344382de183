import assert from "node:assert/strict";
import { test } from "node:test";
import { admit, inFlightLimit, nextRate, recentRate, stalled, type SagaLoad } from "./admission";

const limits = { targetLatencyMs: 500, minInFlight: 50, maxInFlight: 5000, outageAllowanceMs: 30_000 };
/** A load whose recent rate is its rate: no stall. */
const steady = (inFlight: number, endsPerSecond: number): SagaLoad => ({
  inFlight,
  endsPerSecond,
  recentEndsPerSecond: endsPerSecond,
});

test("the limit is the orders finished in the target latency, within the floor and the cap", () => {
  assert.equal(inFlightLimit(steady(0, 400), limits), 200);
  assert.equal(inFlightLimit(steady(0, 0), limits), 50);
  assert.equal(inFlightLimit(steady(0, 1e6), limits), 5000);
});

test("below the limit an order is admitted; at it, refused with the time the excess takes to drain", () => {
  assert.deepEqual(admit(steady(199, 400), limits), { admit: true });
  assert.deepEqual(admit(steady(200, 400), limits), { admit: false, retryAfterSeconds: 1, limit: 200 });
  assert.deepEqual(admit(steady(1400, 100), limits), { admit: false, retryAfterSeconds: 14, limit: 50 });
});

test("nothing finishing (a service paused): refused for half a minute once the floor is full", () => {
  assert.deepEqual(admit(steady(50, 0), limits), { admit: false, retryAfterSeconds: 30, limit: 50 });
  assert.deepEqual(admit(steady(49, 0), limits), { admit: true });
});

test("a target of 0 admits everything", () => {
  assert.deepEqual(admit(steady(1e6, 0), { ...limits, targetLatencyMs: 0 }), { admit: true });
});

test("the rate follows the readings, smoothed, and never goes negative", () => {
  assert.equal(nextRate(0, 100, 0.5), 200);
  assert.equal(nextRate(200, 50, 0.5), 150);
  assert.equal(nextRate(200, -5, 1), 100);
  assert.equal(nextRate(200, 10, 0), 200);
});

test("a stall is an outage, not overload: the limit becomes the recent rate × the outage allowance", () => {
  const stall = { inFlight: 3000, endsPerSecond: 1, recentEndsPerSecond: 200 };
  assert.equal(stalled(stall), true);
  assert.equal(inFlightLimit(stall, limits), 5000, "200/s × 30 s, within the cap");
  assert.deepEqual(admit(stall, limits), { admit: true });
  assert.equal(inFlightLimit({ ...stall, recentEndsPerSecond: 40 }, limits), 1200);
  assert.equal(inFlightLimit(stall, { ...limits, outageAllowanceMs: 0 }), 50, "no allowance: the floor, as before");
});

test("overload is not a stall: sagas end at their recent rate, and the excess is refused as before", () => {
  const over = { inFlight: 900, endsPerSecond: 380, recentEndsPerSecond: 400 };
  assert.equal(stalled(over), false);
  assert.deepEqual(admit(over, limits), { admit: false, retryAfterSeconds: 2, limit: 190 }, "380/s × 0.5 s");
});

test("the recent rate keeps the highest, halved every minute", () => {
  assert.equal(recentRate(0, 40, 1), 40);
  assert.equal(recentRate(40, 0, 60), 20);
  assert.equal(recentRate(40, 30, 60), 30);
  assert.equal(recentRate(40, 50, 0.25), 50);
});

test("a saga that was refusing orders a moment ago is overloaded: a dip in its rate is no outage", () => {
  const dip = { inFlight: 900, endsPerSecond: 60, recentEndsPerSecond: 600, shedLately: true };
  assert.equal(stalled(dip), false);
  assert.equal(inFlightLimit(dip, limits), 50, "60/s × 0.5 s within the floor, not 600/s × 30 s");
  assert.equal(stalled({ ...dip, shedLately: false }), true);
});
