import assert from "node:assert/strict";
import { it } from "node:test";
import { latencySummary, percentile, spread } from "./stats";

it("takes nearest-rank percentiles", () => {
  const list = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(list, 50), 50);
  assert.equal(percentile(list, 99), 99);
  assert.equal(percentile(list, 100), 100);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});

it("summarises latencies whatever their order", () => {
  assert.deepEqual(latencySummary([30, 10, 20]), { p50: 20, p95: 30, p99: 30, max: 30 });
});

it("gives the median and spread of repeats, ignoring runs without a figure", () => {
  assert.deepEqual(spread([3, 1, 2]), { median: 2, min: 1, max: 3 });
  assert.deepEqual(spread([4, 1, Number.NaN, 2, 3]), { median: 2.5, min: 1, max: 4 });
});
