// OpenTelemetry tracing of one service process, exported over OTLP/HTTP. Nothing is registered
// globally: several services share a process in the tests, so each gets its own provider, handed
// down explicitly, and parents are passed as W3C traceparent strings (they cross Kafka headers
// and the outbox table as text). Without an endpoint there is no provider at all (null), and the
// callers skip every span and header with one check.
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Attributes,
  type Span,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider, type SpanExporter } from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { ServiceConfig } from "../config";
import { toSagaError } from "../errors";

export { SpanKind };
export type { Span };
export type TracingConfig = NonNullable<ServiceConfig["tracing"]>;
/** The order a span belongs to (every span of the saga carries it). */
export const ATTR_ORDER_ID = "saga.order_id";

export type Tracing = {
  /** Starts a span, child of `parent` (a traceparent header value), or the root of a new trace. */
  start(name: string, kind: SpanKind, parent: string | null | undefined, attributes?: Attributes): Span;
  /** The traceparent header value that makes the receiver's spans children of `span`. */
  traceparent(span: Span): string | undefined;
  /** Ends `span`, marked failed with `err` when given. */
  end(span: Span, err?: unknown): void;
  /** Exports what is still buffered (waiting at most 3 s) and stops. */
  shutdown(): Promise<void>;
};

const propagator = new W3CTraceContextPropagator();

/** The tracing of this process, or null when no OTLP endpoint is configured. */
export function startTracing(config: TracingConfig | null, exporter?: SpanExporter): Tracing | null {
  if (!config) return null;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: exporter ?? new OTLPTraceExporter({ url: config.tracesUrl }),
        scheduledDelayMillis: config.exportDelayMs,
        // Spans of a burst beyond this are dropped rather than held in memory.
        maxQueueSize: 8192,
      }),
    ],
  });
  const tracer = provider.getTracer("sagascope");
  return {
    start(name, kind, parent, attributes) {
      const ctx = parent
        ? propagator.extract(ROOT_CONTEXT, { traceparent: parent }, defaultTextMapGetter)
        : ROOT_CONTEXT;
      return tracer.startSpan(name, { kind, attributes }, ctx);
    },
    traceparent(span) {
      const carrier: Record<string, string> = {};
      propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
      return carrier.traceparent;
    },
    end(span, err) {
      if (err !== undefined) {
        const e = toSagaError(err);
        span.recordException(e);
        span.setStatus({ code: SpanStatusCode.ERROR, message: `${e.code}: ${e.message}` });
        span.setAttribute("error.type", e.code);
      }
      span.end();
    },
    // Bounded: a collector that does not answer must not hold up a graceful stop.
    shutdown: () => Promise.race([provider.shutdown(), new Promise<void>((r) => setTimeout(r, 3000).unref())]),
  };
}

/** Runs `fn` inside a span when tracing is on; `fn` gets the span (undefined when off). */
export async function traced<T>(
  tracing: Tracing | null | undefined,
  span: { name: string; kind: SpanKind; parent?: string | null; attributes?: Attributes },
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!tracing) return fn(undefined);
  const s = tracing.start(span.name, span.kind, span.parent, span.attributes);
  try {
    const out = await fn(s);
    tracing.end(s);
    return out;
  } catch (err) {
    tracing.end(s, err);
    throw err;
  }
}
