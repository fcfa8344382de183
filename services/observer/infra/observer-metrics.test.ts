// The observer's series: counters by saga and topic from what each batch stored, the batch
// histogram, and the instance gauge read from the store's counts on each scrape.
import assert from "node:assert/strict";
import { it } from "node:test";
import { createLogger } from "../../kit/log";
import { createMetricsRegistry } from "../../kit/metrics";
import type { WatchedSaga } from "../application/definitions";
import type { ObservedRecord } from "../domain/record";
import { observerMetrics, registerInstanceGauge } from "./observer-metrics";

const log = createLogger("observer-metrics-test", "error");
const rec = (offset: number, extra: Partial<ObservedRecord> = {}): ObservedRecord => ({
  topic: "bank.transfers",
  partition: 0,
  offset: String(offset),
  at: new Date(offset),
  key: null,
  headers: {},
  instanceId: "i",
  run: 1,
  step: { id: "s", topic: "bank.transfers", from: "a", kind: "forward", after: [], starts: false },
  value: null,
  notJson: false,
  notDecodable: false,
  matchCut: false,
  truncated: false,
  size: 1,
  ...extra,
});
const saga = (name: string, timeoutMs: number) =>
  ({
    definition: { name, timeoutMs, correlation: { key: true }, steps: [] },
    builtIn: false,
    file: `${name}.yaml`,
  }) as unknown as WatchedSaga;

/** The value of the one series of `name` with exactly these labels (and service="observer"). */
function value(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries({ ...labels, service: "observer" })
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(",");
  for (const line of text.split("\n")) {
    const m = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (m && m[1] === name && m[2]!.split(",").sort().join(",") === want) return Number(m[3]);
  }
  return undefined;
}

it("counts read and stored records and what was not a step, by saga and topic", async () => {
  const registry = createMetricsRegistry("observer");
  const m = observerMetrics(registry);
  m.read("bank", "bank.transfers", 5);
  m.read("bank", "bank.transfers", 5);
  m.stored(
    "bank",
    "bank.transfers",
    [
      rec(1),
      rec(2, { notJson: true, instanceId: null, step: null }),
      rec(3, { step: null }),
      rec(4, { truncated: true }),
    ],
    0.004,
  );
  m.stored("bank", "bank.transfers", [], 0.002);
  const t = await registry.metrics();
  const l = { saga: "bank", topic: "bank.transfers" };
  assert.equal(value(t, "sagascope_observer_records_read_total", l), 10);
  assert.equal(value(t, "sagascope_observer_records_stored_total", l), 4);
  assert.equal(value(t, "sagascope_observer_records_not_json_total", l), 1);
  assert.equal(value(t, "sagascope_observer_records_uncorrelated_total", l), 1);
  assert.equal(value(t, "sagascope_observer_records_unmatched_total", l), 1);
  assert.equal(value(t, "sagascope_observer_records_oversized_total", l), 1);
  assert.equal(value(t, "sagascope_observer_batch_store_seconds_count", l), 2);
  assert.equal(value(t, "sagascope_observer_batch_store_seconds_bucket", { ...l, le: "0.0025" }), 1);
});

it("reads the instances by status from the store on each scrape, with each saga's time-out; NaN when it cannot", async () => {
  const registry = createMetricsRegistry("observer");
  const asked: [string, number][] = [];
  let down = false;
  registerInstanceGauge(registry, {
    sagas: () => [saga("bank", 1000), saga("trip", 5000)],
    store: {
      statusCounts: async (name, before) => {
        if (down) throw new Error("db down");
        asked.push([name, before.getTime()]);
        return new Map(
          name === "bank"
            ? [
                ["COMPLETED", 3],
                ["CANCELLED", 1],
                ["STUCK", 2],
                ["RUNNING", 4],
              ]
            : [["RUNNING", 7]],
        );
      },
    },
    now: () => new Date(10_000),
    log,
  });
  const t = await registry.metrics();
  assert.deepEqual(asked.sort(), [
    ["bank", 9000],
    ["trip", 5000],
  ]);
  assert.deepEqual(
    ["RUNNING", "COMPLETED", "CANCELLED", "STUCK"].map((status) =>
      value(t, "sagascope_observer_instances", { saga: "bank", status }),
    ),
    [4, 3, 1, 2],
  );
  assert.equal(value(t, "sagascope_observer_instances", { saga: "trip", status: "RUNNING" }), 7);
  assert.equal(
    value(t, "sagascope_observer_instances", { saga: "trip", status: "COMPENSATED" }),
    0,
    "a status without instances is 0",
  );
  down = true;
  assert.ok(
    Number.isNaN(value(await registry.metrics(), "sagascope_observer_instances", { saga: "bank", status: "RUNNING" })),
  );
});
