// The spans of the Kafka path: one per handled event (a child of the traceparent its record
// carries) and one per published outbox row (a child of the traceparent stored with the row).
// The consumers handle runs of events in one call and one transaction, so each event gets its own
// span started with its record's context, all ended together when the transaction is over: every
// order keeps one trace with exact parents, at the cost of one span per event.
import { SpanStatusCode } from "@opentelemetry/api";
import type { OutboxRow } from "../db/outbox";
import { DispatchFailure, type Delivery } from "../kafka/dispatch";
import { ATTR_ORDER_ID, SpanKind, type Span, type Tracing } from "./tracing";

// Messaging attribute names of the OpenTelemetry semantic conventions (incubating, so copied
// rather than imported, as the semantic-conventions package advises).
export const ATTR = {
  system: "messaging.system",
  operationType: "messaging.operation.type",
  destination: "messaging.destination.name",
  consumerGroup: "messaging.consumer.group.name",
  partition: "messaging.destination.partition.id",
  offset: "messaging.kafka.offset",
  key: "messaging.kafka.message.key",
  messageId: "messaging.message.id",
  orderId: ATTR_ORDER_ID,
  topic: "saga.topic",
} as const;

export type HandlerSpanMeta = { groupId: string; physicalTopic: (topic: Delivery["ctx"]["topic"]) => string };

/**
 * Runs `fn` (a handler call and the transaction around it) with a span per delivery. Each
 * delivery's `ctx.traceparent` names its span while `fn` runs, so the events it causes are stored
 * with it. When `fn` fails, the deliveries at fault carry the error and the others are marked as
 * rolled back with them.
 */
export async function withHandlerSpans(
  tracing: Tracing,
  meta: HandlerSpanMeta,
  deliveries: Delivery[],
  fn: (ds: Delivery[]) => Promise<void>,
): Promise<void> {
  const spans = deliveries.map(({ event, ctx }) => {
    const span = tracing.start(`process ${ctx.topic}`, SpanKind.CONSUMER, ctx.headers.traceparent, {
      [ATTR.system]: "kafka",
      [ATTR.operationType]: "process",
      [ATTR.destination]: meta.physicalTopic(ctx.topic),
      [ATTR.consumerGroup]: meta.groupId,
      [ATTR.partition]: String(ctx.partition),
      [ATTR.offset]: Number(ctx.offset),
      [ATTR.messageId]: event.eventId,
      [ATTR.orderId]: event.orderId,
      [ATTR.topic]: ctx.topic,
    });
    ctx.traceparent = tracing.traceparent(span);
    return span;
  });
  try {
    await fn(deliveries);
  } catch (err) {
    const f = err instanceof DispatchFailure ? err : null;
    spans.forEach((span, i) => {
      if (!f || (i >= f.at && i < f.at + f.size)) return tracing.end(span, f ? f.error : err);
      span.setStatus({ code: SpanStatusCode.ERROR, message: "rolled back with the event that failed beside it" });
      span.end();
    });
    throw err;
  }
  for (const span of spans) tracing.end(span);
}

export type PublishSpans = {
  /** Starts the publish span of `row` and answers the headers to send, which name that span. */
  headers(row: OutboxRow, physicalTopic: string): Record<string, string>;
  /** Ends every span started, failed with `err` when given. */
  end(err?: unknown): void;
};

export function publishSpans(tracing: Tracing): PublishSpans {
  const spans: Span[] = [];
  return {
    headers(row, physicalTopic) {
      const span = tracing.start(`send ${row.topic}`, SpanKind.PRODUCER, row.traceparent, {
        [ATTR.system]: "kafka",
        [ATTR.operationType]: "send",
        [ATTR.destination]: physicalTopic,
        [ATTR.key]: row.key,
        [ATTR.orderId]: row.key,
        [ATTR.topic]: row.topic,
      });
      spans.push(span);
      const traceparent = tracing.traceparent(span);
      return traceparent ? { ...row.headers, traceparent } : row.headers;
    },
    end(err) {
      for (const span of spans) tracing.end(span, err);
    },
  };
}
