// OpenTelemetry traces from the real services, broker and PostgreSQL to a small OTLP/HTTP
// receiver: one trace per order from POST /orders to the last notification, a span per handled
// event and per publish, compensations and a time-out included, parents forming one tree across
// the outbox and Kafka headers. And with no endpoint configured, nothing at all.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createConsumer } from "../../services/kit/kafka/client";
import { trace } from "@opentelemetry/api";
import { physicalTopic, topicProducer, type OrderView, type ServiceName, type TopicName } from "../../contracts";
import { isSettled, startSagaEnv, waitFor, type EnvOptions, type SagaEnv } from "./harness";
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "./otlp-receiver";

const fixtures: EnvOptions = {
  products: [{ id: "lamp", name: "Lamp", price: 10, stock: 1000 }],
  users: [
    { id: "ann", name: "Ann", balance: 100_000 },
    { id: "poor", name: "Poor", balance: 5 },
  ],
};
const lamps = (userId: string) => ({ userId, items: [{ productId: "lamp", quantity: 2 }] });
const HTTP = "POST /orders";
const send = (t: TopicName) => `send ${t}`;
const handled = (t: TopicName, by: ServiceName) => `process ${t} @${by}`;
const topics = (o: OrderView) => o.steps.map((s) => s.topic);

async function post(env: SagaEnv, body: unknown, headers: Record<string, string> = {}): Promise<string> {
  const r = await fetch(env.url("order", "/orders"), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  assert.equal(r.status, 202);
  return String(((await r.json()) as { orderId: string }).orderId);
}

/** The spans of the trace that holds the order's HTTP span. */
function traceOf(receiver: OtlpReceiver, orderId: string): ReceivedSpan[] {
  const spans = receiver.spans();
  const root = spans.find((s) => s.name === HTTP && s.attributes["saga.order_id"] === orderId);
  return root ? spans.filter((s) => s.traceId === root.traceId) : [];
}

const label = (s: ReceivedSpan) => (s.name.startsWith("process ") ? `${s.name} @${s.service}` : s.name);

/** What is wrong with the order's trace so far ("" once every expected span is in and every parent is known). */
function problems(spans: ReceivedSpan[], expected: string[]): string {
  const have = new Set(spans.map(label));
  const missing = expected.filter((e) => !have.has(e));
  const ids = new Set(spans.map((s) => s.spanId));
  const orphans = spans.filter((s) => s.name !== HTTP && !ids.has(s.parentSpanId ?? "")).map(label);
  return [
    missing.length && `missing ${missing.join(", ")}`,
    orphans.length && `parents not in the trace: ${orphans.join(", ")}`,
  ]
    .filter(Boolean)
    .join("; ");
}

async function settledTrace(receiver: OtlpReceiver, orderId: string, expected: string[]): Promise<ReceivedSpan[]> {
  let last = "no spans";
  try {
    return await waitFor(async () => {
      const spans = traceOf(receiver, orderId);
      last = spans.length ? problems(spans, expected) : "no HTTP span";
      return last === "" && spans;
    }, `the trace of order ${orderId}`);
  } catch {
    assert.fail(`trace of order ${orderId} incomplete: ${last}`);
  }
}

/** One tree: the HTTP span is the only root; a handler's parent is the publish of its topic, a publish's parent the step that wrote it. */
function assertTree(spans: ReceivedSpan[], orderId: string, httpParent: string | null): void {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const roots = spans.filter((s) => s.name === HTTP);
  assert.equal(roots.length, 1, "one HTTP span per order");
  assert.equal(roots[0]!.parentSpanId, httpParent);
  assert.equal(roots[0]!.kind, 2, "the HTTP span is a server span");
  assert.equal(new Set(spans.map((s) => s.traceId)).size, 1);
  for (const s of spans.filter((x) => x !== roots[0])) {
    const parent = byId.get(s.parentSpanId ?? "");
    assert.ok(parent, `${label(s)} has its parent in the trace`);
    assert.equal(s.attributes["saga.order_id"], orderId, `${label(s)} names the order`);
    const topic = s.attributes["saga.topic"] as TopicName;
    if (s.name.startsWith("process ")) assert.equal(parent.name, send(topic), `${label(s)} is a child of its publish`);
    if (s.name.startsWith("send ")) {
      assert.equal(s.service, topicProducer[topic], `${s.name} is published by its producer`);
      const writer =
        topic === "order-create"
          ? [HTTP]
          : topic === "order-cancel"
            ? ["process stock-restore", "process stock-decrease-fail", "time out order"]
            : null;
      if (writer) assert.ok(writer.includes(parent.name), `${s.name} is a child of ${parent.name}`);
      else assert.match(parent.name, /^process /, `${s.name} is a child of the handler that wrote it`);
    }
  }
}

describe("tracing on", () => {
  let receiver: OtlpReceiver;
  let env: SagaEnv;
  before(async () => {
    receiver = await startOtlpReceiver();
    env = await startSagaEnv({ ...fixtures, tracing: { endpoint: receiver.endpoint } });
  });
  after(async () => {
    await env.stop();
    await receiver.close();
  });

  it("a completed order is one trace from POST /orders to the notification", async () => {
    const orderId = await post(env, lamps("ann"));
    await env.waitForOrder(orderId, (o) => isSettled(o) && o.status === "COMPLETED", "the completed saga");
    const expected = [
      HTTP,
      send("order-create"),
      handled("order-create", "stock"),
      send("stock-decrease"),
      handled("stock-decrease", "balance"),
      send("pay-complete"),
      handled("pay-complete", "order"),
      send("order-complete"),
      handled("order-complete", "notification"),
      send("notification-send"),
    ];
    assertTree(await settledTrace(receiver, orderId, expected), orderId, null);
  });

  it("a compensated order (points too low) continues the caller's traceparent through stock-restore and order-cancel", async () => {
    const [traceId, callerSpan] = [randomBytes(16).toString("hex"), randomBytes(8).toString("hex")];
    const orderId = await post(env, lamps("poor"), { traceparent: `00-${traceId}-${callerSpan}-01` });
    await env.waitForOrder(orderId, (o) => isSettled(o) && o.status === "CANCELLED", "the compensated saga");
    const expected = [
      HTTP,
      send("order-create"),
      handled("order-create", "stock"),
      send("stock-decrease"),
      handled("stock-decrease", "balance"),
      send("pay-fail"),
      handled("pay-fail", "stock"),
      send("stock-restore"),
      handled("stock-restore", "order"),
      send("order-cancel"),
      handled("order-cancel", "stock"),
      handled("order-cancel", "balance"),
      handled("order-cancel", "notification"),
      send("notification-send"),
    ];
    const spans = await settledTrace(receiver, orderId, expected);
    assert.equal(spans[0]!.traceId, traceId, "the caller's trace is continued");
    assertTree(spans, orderId, callerSpan);
  });
});

describe("tracing on, an order that times out after payment", () => {
  let receiver: OtlpReceiver;
  let env: SagaEnv;
  before(async () => {
    receiver = await startOtlpReceiver();
    env = await startSagaEnv({ ...fixtures, sagaTimeoutMs: 1500, tracing: { endpoint: receiver.endpoint } });
  });
  after(async () => {
    await env.stop();
    await receiver.close();
  });

  it("the time-out, the refund and the restore stay in the trace of the request", async () => {
    // The order service does not take pay-complete: the sweeper cancels the paid order.
    env.services.order.faults.set({ paused: true });
    let orderId: string;
    try {
      orderId = await post(env, lamps("ann"));
      const done = (o: OrderView) =>
        o.reason === "TIMEOUT" &&
        (["pay-refund", "stock-restore", "notification-send"] as TopicName[]).every((t) => topics(o).includes(t));
      await env.waitForOrder(orderId, done, "the time-out, the refund and the restore");
    } finally {
      env.services.order.faults.clear();
    }
    const expected = [
      HTTP,
      send("order-create"),
      handled("order-create", "stock"),
      send("stock-decrease"),
      handled("stock-decrease", "balance"),
      send("pay-complete"),
      "time out order",
      send("order-cancel"),
      handled("order-cancel", "stock"),
      send("stock-restore"),
      handled("order-cancel", "balance"),
      send("pay-refund"),
      handled("order-cancel", "notification"),
      send("notification-send"),
    ];
    assertTree(await settledTrace(receiver, orderId, expected), orderId, null);
  });
});

describe("tracing off (no endpoint)", () => {
  let receiver: OtlpReceiver;
  let env: SagaEnv | null;
  before(async () => {
    receiver = await startOtlpReceiver();
    // Set where only code reading the environment behind the configuration's back would find it.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
    env = await startSagaEnv(fixtures);
  });
  after(async () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    await env?.stop();
    await receiver.close();
  });

  it("records no span, adds no traceparent header and exports nothing", async () => {
    const running = env!;
    const orderId = await post(running, lamps("ann"));
    const order = await running.waitForOrder(
      orderId,
      (o) => isSettled(o) && o.status === "COMPLETED",
      "the completed saga",
    );
    assert.equal(
      trace.getTracer("probe").startSpan("probe").isRecording(),
      false,
      "no tracer provider is registered globally",
    );
    const records = await recordHeaders(running, order);
    assert.equal(records.length, order.steps.length);
    for (const { topic, headers } of records) {
      assert.equal(headers.traceparent, undefined, `no traceparent header on ${topic}`);
      if (topic !== "order-create") assert.ok(headers["x-consumed-at"], `${topic} still carries x-consumed-at`);
    }
    env = null;
    await running.stop(); // a provider would flush here
    assert.equal(receiver.requests(), 0, "the receiver was never called");
  });
});

/** The headers of every record of the order's saga, read back from the broker. */
async function recordHeaders(
  env: SagaEnv,
  order: OrderView,
): Promise<{ topic: TopicName; headers: Record<string, string | undefined> }[]> {
  const wanted = new Set(order.steps.map((s) => `${s.topic}/${s.partition}/${s.offset}`));
  const found = new Map<string, Record<string, string | undefined>>();
  const consumer = createConsumer(env.kafka, `${env.prefix}headers`);
  await consumer.connect();
  await consumer.subscribe({
    topics: [...new Set(order.steps.map((s) => physicalTopic(s.topic, env.prefix)))],
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const key = `${topic.slice(env.prefix.length)}/${partition}/${message.offset}`;
      if (wanted.has(key))
        found.set(key, Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString()])));
    },
  });
  try {
    await waitFor(async () => found.size === wanted.size, "the saga's records");
  } finally {
    await consumer.disconnect();
  }
  return order.steps.map((s) => ({ topic: s.topic, headers: found.get(`${s.topic}/${s.partition}/${s.offset}`)! }));
}
