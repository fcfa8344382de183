import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";
import { serviceConfigSchema } from "../config";
import type { OutboxRow } from "../db/outbox";
import { DispatchFailure, type Delivery } from "../kafka/dispatch";
import { publishSpans, withHandlerSpans } from "./kafka-spans";
import { startTracing, type Tracing } from "./tracing";

const env = { KAFKA_BROKERS: "b:9092", DATABASE_URL: "postgresql://h/db" };

/** Keeps what it is given, also after shutdown (the SDK's in-memory exporter forgets then). */
function collect(): SpanExporter & { spans: ReadableSpan[] } {
  const spans: ReadableSpan[] = [];
  return {
    spans,
    export: (s, done: (r: ExportResult) => void) => (spans.push(...s), done({ code: 0 })),
    shutdown: async () => undefined,
  };
}

function tracingWith(exporter: SpanExporter): Tracing {
  return startTracing({ tracesUrl: "http://unused/v1/traces", serviceName: "stock", exportDelayMs: 10 }, exporter)!;
}

const delivery = (orderId: string, traceparent?: string): Delivery =>
  ({
    event: { eventId: `e-${orderId}`, orderId, type: "order-create" },
    ctx: {
      topic: "order-create",
      partition: 0,
      offset: "7",
      headers: traceparent ? { traceparent } : {},
      receivedAt: new Date(),
    },
  }) as unknown as Delivery;

describe("tracing configuration", () => {
  it("is off without OTEL_EXPORTER_OTLP_ENDPOINT, and then there is no provider", () => {
    assert.equal(serviceConfigSchema("stock").parse(env).tracing, null);
    assert.equal(serviceConfigSchema("stock").parse({ ...env, OTEL_EXPORTER_OTLP_ENDPOINT: "" }).tracing, null);
    assert.equal(startTracing(null), null);
  });

  it("sends traces to <endpoint>/v1/traces under the service's name unless OTEL_SERVICE_NAME says otherwise", () => {
    const on = serviceConfigSchema("stock").parse({
      ...env,
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/",
    }).tracing;
    assert.deepEqual(on, { tracesUrl: "http://collector:4318/v1/traces", serviceName: "stock", exportDelayMs: 5000 });
    const named = serviceConfigSchema("stock").parse({
      ...env,
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318",
      OTEL_SERVICE_NAME: "stock-eu",
    }).tracing;
    assert.equal(named?.serviceName, "stock-eu");
    assert.equal(
      serviceConfigSchema("stock").safeParse({ ...env, OTEL_EXPORTER_OTLP_ENDPOINT: "not a url" }).success,
      false,
    );
  });
});

describe("Kafka spans", () => {
  const parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  it("a handler span per delivery, child of its record's traceparent, named in ctx for the events it causes", async () => {
    const exporter = collect();
    const tracing = tracingWith(exporter);
    const ds = [delivery("o1", parent), delivery("o2")];
    await withHandlerSpans(tracing, { groupId: "g", physicalTopic: (t) => `p.${t}` }, ds, async () => undefined);
    await tracing.shutdown();
    const [a, b] = exporter.spans;
    assert.equal(a!.spanContext().traceId, "0af7651916cd43dd8448eb211c80319c");
    assert.equal(a!.parentSpanContext?.spanId, "b7ad6b7169203331");
    assert.equal(ds[0]!.ctx.traceparent, `00-0af7651916cd43dd8448eb211c80319c-${a!.spanContext().spanId}-01`);
    assert.equal(b!.parentSpanContext, undefined, "no traceparent: a new trace");
    assert.equal(a!.attributes["messaging.destination.name"], "p.order-create");
    assert.equal(a!.attributes["saga.order_id"], "o1");
  });

  it("when a run fails, the deliveries at fault carry the error and the others are marked rolled back", async () => {
    const exporter = collect();
    const tracing = tracingWith(exporter);
    const ds = [delivery("o1"), delivery("o2"), delivery("o3")];
    const failing = () => Promise.reject(new DispatchFailure(1, 1, new Error("boom")));
    await assert.rejects(
      withHandlerSpans(tracing, { groupId: "g", physicalTopic: (t) => t }, ds, failing),
      DispatchFailure,
    );
    await tracing.shutdown();
    const status = exporter.spans.map((s) => s.status.message ?? "");
    assert.match(status[1]!, /boom/);
    assert.match(status[0]!, /rolled back/);
    assert.match(status[2]!, /rolled back/);
  });

  it("a publish span is a child of the row's stored context, and the header sent names the publish span", async () => {
    const exporter = collect();
    const tracing = tracingWith(exporter);
    const spans = publishSpans(tracing);
    const row: OutboxRow = {
      id: "1",
      topic: "stock-decrease",
      key: "o1",
      value: "{}",
      headers: { "x-consumed-at": "t" },
      traceparent: parent,
    };
    const headers = spans.headers(row, "p.stock-decrease");
    spans.end();
    await tracing.shutdown();
    const [span] = exporter.spans;
    assert.equal(span!.parentSpanContext?.spanId, "b7ad6b7169203331");
    assert.deepEqual(headers, {
      "x-consumed-at": "t",
      traceparent: `00-0af7651916cd43dd8448eb211c80319c-${span!.spanContext().spanId}-01`,
    });
  });
});
