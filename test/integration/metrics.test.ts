// GET /metrics against the real services, observer, broker and PostgreSQL: the order service
// counts the sagas started, the observer's saga counters and latency histograms move as orders
// complete and fail, the outbox, lag and fault
// gauges are there, and the stock service counts its retries and dead letters. Also the web
// origin's /metrics (server/metrics.ts).
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { Kafka, logLevel } from "kafkajs";
import { SERVICES, type ServiceName, type TopicName } from "../../contracts";
import { webConfigSchema } from "../../server/config";
import { createWebMetrics, type WebMetrics } from "../../server/metrics";
import { createLogger } from "../../services/kit/log";
import { isSettled, startSagaEnv, waitFor, type SagaEnv } from "./harness";
import { find, parseMetrics, total, type Series } from "./prom-text";

let env: SagaEnv;
const scrape = async (service: ServiceName | "observer") => {
  const r = await fetch(
    service === "observer" ? `http://127.0.0.1:${env.observer.port}/metrics` : env.url(service, "/metrics"),
  );
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  return parseMetrics(await r.text());
};

const ORDER_CREATE: TopicName = "order-create";
const STOCK_DECREASE: TopicName = "stock-decrease";
const STOCK_DECREASE_FAIL: TopicName = "stock-decrease-fail";
const ORDER_COMPLETE: TopicName = "order-complete";

before(async () => {
  env = await startSagaEnv({
    products: [{ id: "tea", name: "Tea", price: 5, stock: 10 }],
    users: [{ id: "tim", name: "Tim", balance: 100 }],
    maxAttempts: 3,
  });
});
after(async () => {
  await env.stop();
});

describe("GET /metrics on the services", () => {
  it("counts sagas started and finished and times them end to end and hop by hop", async () => {
    const [before, ordersBefore] = [await scrape("observer"), await scrape("order")];
    const ok = await env.placeOrder({ userId: "tim", items: [{ productId: "tea", quantity: 2 }] });
    const refused = await env.placeOrder({ userId: "tim", items: [{ productId: "tea", quantity: 500 }] });
    assert.equal(ok.status, 202);
    assert.equal(refused.status, 202);
    assert.equal(
      (await env.waitForOrder(String(ok.body.orderId), isSettled, "the order to complete")).status,
      "COMPLETED",
    );
    assert.equal(
      (await env.waitForOrder(String(refused.body.orderId), isSettled, "the order to be cancelled")).reason,
      "OUT_OF_STOCK",
    );

    const moved = (now: Series[], name: string, labels: Record<string, string> = {}) =>
      total(now, name, labels) - total(before, name, labels);
    // The observer (which feeds the finished counters and the hops) may trail the orders' status a little.
    const after = await waitFor(async () => {
      const now = await scrape("observer");
      return moved(now, "sagascope_sagas_finished_total") >= 2 &&
        moved(now, "sagascope_hop_outbox_wait_seconds_count", { topic: "notification-send" }) >= 2
        ? now
        : null;
    }, "both sagas to be counted as finished");

    assert.equal(
      total(await scrape("order"), "sagascope_sagas_started_total") -
        total(ordersBefore, "sagascope_sagas_started_total"),
      2,
    );
    assert.equal(moved(after, "sagascope_sagas_finished_total", { outcome: "COMPLETED", reason: "none" }), 1);
    assert.equal(moved(after, "sagascope_sagas_finished_total", { outcome: "CANCELLED", reason: "OUT_OF_STOCK" }), 1);
    assert.equal(moved(after, "sagascope_saga_duration_seconds_count", { outcome: "COMPLETED" }), 1);
    assert.equal(moved(after, "sagascope_saga_duration_seconds_count", { outcome: "CANCELLED" }), 1);
    const slowest =
      total(after, "sagascope_saga_duration_seconds_sum") - total(before, "sagascope_saga_duration_seconds_sum");
    assert.ok(slowest > 0 && slowest < 60, `two sagas took ${slowest} s in all`);
    const inf = find(after, "sagascope_saga_duration_seconds_bucket", { outcome: "COMPLETED", le: "+Inf" });
    assert.equal(inf.length, 1);

    assert.equal(moved(after, "sagascope_hop_outbox_wait_seconds_count", { topic: ORDER_CREATE }), 2);
    assert.equal(moved(after, "sagascope_hop_handler_seconds_count", { topic: STOCK_DECREASE }), 1);
    assert.equal(moved(after, "sagascope_hop_handler_seconds_count", { topic: STOCK_DECREASE_FAIL }), 1);
    assert.equal(moved(after, "sagascope_hop_kafka_wait_seconds_count", { topic: STOCK_DECREASE }), 1);
    assert.equal(moved(after, "sagascope_hop_kafka_wait_seconds_count", { topic: ORDER_COMPLETE }), 1);
    assert.equal(
      moved(after, "sagascope_hop_kafka_wait_seconds_count", { topic: ORDER_CREATE }),
      0,
      "order-create has no cause",
    );
  });

  it("shows the outbox, the consumer lag of each group and the faults in force", async () => {
    const now = await scrape("order");
    const depth = find(now, "sagascope_outbox_depth", { service: "order" });
    assert.equal(depth.length, 1);
    assert.ok(Number.isInteger(depth[0].value) && depth[0].value >= 0, `outbox depth ${depth[0].value}`);
    const age = find(now, "sagascope_outbox_oldest_age_seconds");
    assert.equal(age.length, 1);
    assert.ok(age[0].value >= 0);

    const groups = new Set(find(now, "sagascope_consumer_lag_messages").map((s) => s.labels.group));
    assert.deepEqual([...groups].sort(), [`${env.prefix}order`, `${env.prefix}order-dead-letters`]);
    const lag = find(now, "sagascope_consumer_lag_messages", {
      group: `${env.prefix}order`,
      topic: STOCK_DECREASE_FAIL,
    });
    assert.ok(lag.length > 0 && lag.every((s) => s.value >= 0 && /^\d+$/.test(s.labels.partition)));

    env.services.stock.faults.set({ delayMs: 1 });
    const stock = await scrape("stock");
    assert.equal(total(stock, "sagascope_faults_in_force", { service: "stock", kind: "delay" }), 1);
    assert.equal(total(stock, "sagascope_faults_in_force", { service: "stock", kind: "paused" }), 0);
    env.services.stock.faults.clear();
    assert.equal(total(await scrape("stock"), "sagascope_faults_in_force", { kind: "delay" }), 0);
    assert.ok(total(stock, "process_cpu_seconds_total") > 0, "Node's process metrics are there");
  });

  it("counts a consumer's retries and dead letters", async () => {
    const before = await scrape("stock");
    env.services.stock.faults.set({ failNext: 1 });
    const o = await env.placeOrder({ userId: "tim", items: [{ productId: "tea", quantity: 1 }] });
    assert.equal(
      (await env.waitForOrder(String(o.body.orderId), isSettled, "the order to complete after a retry")).status,
      "COMPLETED",
    );
    await env.publishRaw(ORDER_CREATE, "poison", "this is not an envelope");
    const after = await waitFor(async () => {
      const now = await scrape("stock");
      return total(now, "sagascope_dead_letters_total") > total(before, "sagascope_dead_letters_total") ? now : null;
    }, "the poison to be dead-lettered");
    const group = `${env.prefix}stock`;
    const moved = (name: string, labels: Record<string, string>) =>
      total(after, name, labels) - total(before, name, labels);
    assert.equal(moved("sagascope_consumer_retries_total", { group, topic: ORDER_CREATE, code: "INJECTED_FAULT" }), 1);
    assert.equal(moved("sagascope_dead_letters_total", { group, topic: ORDER_CREATE, code: "INVALID_EVENT" }), 1);
  });

  it("answers other methods with a JSON 405, never a 500", async () => {
    for (const s of SERVICES) {
      const r = await fetch(env.url(s, "/metrics"), { method: "POST", body: "x" });
      assert.equal(r.status, 405, s);
      assert.equal(((await r.json()) as { error: string }).error, "METHOD_NOT_ALLOWED");
    }
  });
});

describe("GET /metrics on the web origin", () => {
  let server: Server;
  let metrics: WebMetrics;
  let base: string;
  let kafka: Kafka;

  before(async () => {
    const config = webConfigSchema.parse({
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      TOPIC_PREFIX: env.prefix,
      GROUP_PREFIX: env.prefix,
      BRIDGE_GROUP_ID: `${env.prefix}bridge`,
    });
    kafka = new Kafka({ clientId: `${env.id}-web`, brokers: config.kafka.brokers, logLevel: logLevel.ERROR });
    metrics = createWebMetrics({ kafka, config, log: createLogger("web", "error") });
    server = createServer(
      (req, res) => void metrics.handle(req, res).then((handled) => handled || res.writeHead(404).end()),
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.close();
    await metrics.close();
  });

  it("serves the web process's metrics with the bridge group's lag", async () => {
    const r = await fetch(`${base}/metrics`);
    assert.equal(r.status, 200);
    const series = parseMetrics(await r.text());
    assert.ok(find(series, "process_cpu_seconds_total", { service: "web" }).length === 1);
    const lag = find(series, "sagascope_consumer_lag_messages", { service: "web", group: `${env.prefix}bridge` });
    // The bridge never ran here: its lag is everything the topics hold, order-create included.
    assert.ok(total(lag, "sagascope_consumer_lag_messages", { topic: ORDER_CREATE }) >= 3);
  });

  it("leaves other paths alone and answers other methods with a JSON 405", async () => {
    assert.equal((await fetch(`${base}/metrics/x`)).status, 404);
    const r = await fetch(`${base}/metrics`, { method: "DELETE" });
    assert.equal(r.status, 405);
    assert.match(r.headers.get("content-type") ?? "", /application\/json/);
  });
});
