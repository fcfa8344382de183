import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FaultState } from "../../../contracts/admin";
import { createLogger } from "../log";
import { createMetricsRegistry, exposedNames, metricsRoute, registerServiceMetrics, type GroupLag } from "./index";
import type { OutboxStats } from "./state-metrics";

const log = createLogger("metrics-test", "error");
const clean: FaultState = { failNext: 0, failRate: 0, delayMs: 0, paused: false, injected: 0, active: false };

function setup(
  sources: { outbox?: () => Promise<OutboxStats>; lag?: () => Promise<GroupLag[]>; faults?: () => FaultState } = {},
) {
  const registry = createMetricsRegistry("stock");
  const consumers = registerServiceMetrics(registry, {
    outbox: sources.outbox ?? (async () => ({ depth: 0, oldestAgeSeconds: 0 })),
    lag: sources.lag ?? (async () => []),
    faults: sources.faults ?? (() => clean),
    log,
  });
  return { registry, consumers, text: () => registry.metrics() };
}

/** The value of the one series of `name` whose labels include all of `labels`, or undefined. */
function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const hits = text
    .split("\n")
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .filter((l) => Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  assert.ok(hits.length <= 1, `more than one series matched: ${hits.join(" | ")}`);
  return hits.length ? Number(hits[0].slice(hits[0].lastIndexOf(" ") + 1)) : undefined;
}

describe("a service's metrics", () => {
  it("read the outbox once per scrape for both of its gauges", async () => {
    let reads = 0;
    const { text } = setup({ outbox: async () => (reads++, { depth: 3, oldestAgeSeconds: 1.5 }) });
    const t = await text();
    assert.equal(value(t, "sagascope_outbox_depth", { service: "stock" }), 3);
    assert.equal(value(t, "sagascope_outbox_oldest_age_seconds"), 1.5);
    assert.equal(reads, 1);
  });

  it("still answer when the database and the broker cannot be read: the outbox unknown, no lag series", async () => {
    const { text } = setup({
      outbox: () => Promise.reject(new Error("db down")),
      lag: () => Promise.reject(new Error("broker down")),
    });
    const t = await text();
    assert.ok(Number.isNaN(value(t, "sagascope_outbox_depth")));
    assert.ok(Number.isNaN(value(t, "sagascope_outbox_oldest_age_seconds")));
    assert.equal(value(t, "sagascope_consumer_lag_messages"), undefined);
    assert.match(t, /^process_cpu_user_seconds_total\{service="stock"\} /m, "Node's process metrics are there");
  });

  it("show the lag of each group's partitions as the broker last reported it", async () => {
    let rows: GroupLag[] = [
      { group: "g", topic: "order-create", partition: 3, lag: 7 },
      { group: "g", topic: "order-create", partition: 4, lag: 0 },
    ];
    const { text } = setup({ lag: async () => rows });
    assert.equal(value(await text(), "sagascope_consumer_lag_messages", { group: "g", partition: "3" }), 7);
    rows = [{ group: "g", topic: "order-create", partition: 4, lag: 2 }];
    const t = await text();
    assert.equal(
      value(t, "sagascope_consumer_lag_messages", { partition: "3" }),
      undefined,
      "a partition no longer reported has no series",
    );
    assert.equal(value(t, "sagascope_consumer_lag_messages", { partition: "4" }), 2);
  });

  it("show each kind of fault in force as 1 and the others as 0", async () => {
    const { text } = setup({ faults: () => ({ ...clean, paused: true, failRate: 0.5, active: true }) });
    const t = await text();
    assert.deepEqual(
      ["fail_next", "fail_rate", "delay", "paused"].map((kind) => value(t, "sagascope_faults_in_force", { kind })),
      [0, 1, 0, 1],
    );
  });

  it("count retries and dead letters by group, topic and error code", async () => {
    const { consumers, text } = setup();
    const g = consumers.forGroup("sagascope.stock");
    g.retried("order-create", "INJECTED_FAULT");
    g.retried("order-create", "INJECTED_FAULT");
    g.deadLettered("order-create", "INVALID_EVENT");
    const t = await text();
    assert.equal(
      value(t, "sagascope_consumer_retries_total", {
        group: "sagascope.stock",
        topic: "order-create",
        code: "INJECTED_FAULT",
      }),
      2,
    );
    assert.equal(value(t, "sagascope_dead_letters_total", { code: "INVALID_EVENT" }), 1);
  });

  it("are served as Prometheus text on GET /metrics", async () => {
    const { registry } = setup();
    const route = metricsRoute(registry);
    assert.deepEqual([route.method, route.path], ["GET", "/metrics"]);
    const r = await route.handle({} as Parameters<typeof route.handle>[0]);
    assert.equal(r.status, 200);
    assert.match(r.contentType ?? "", /^text\/plain; version=0\.0\.4/);
    assert.match(String(r.body), /^# HELP sagascope_outbox_depth /m);
  });

  it("name a histogram's series with _bucket, _sum and _count", () => {
    const names = exposedNames(setup().registry);
    for (const n of [
      "sagascope_outbox_depth",
      "sagascope_dead_letters_total",
      "nodejs_gc_duration_seconds_bucket",
      "nodejs_gc_duration_seconds_count",
    ])
      assert.ok(names.has(n), n);
    assert.ok(!names.has("nodejs_gc_duration_seconds"));
  });
});
