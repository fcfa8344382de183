// The stuck-saga sweeper's use case: a PENDING order older than SAGA_TIMEOUT_MS is cancelled with
// reason TIMEOUT and order-cancel is published, so that every service holding something for it
// gives it back (stock-restore, pay-refund). Forward events arriving later are refused by the
// same guarded transitions that refuse any late event. An orchestrated saga is cancelled by its
// orchestrator instead, which sends the refund, restore and notification commands.
import type { HandlerDeps } from "../../kit/application/inbox";
import { ATTR_ORDER_ID, SpanKind, type Span } from "../../kit/telemetry/tracing";
import { onSagaFailed } from "../domain/order";
import { timeOutOrchestrated } from "./orchestrator";
import type { OrderTx } from "./ports";

export async function timeOutStuckSagas(
  deps: HandlerDeps<OrderTx>,
  opts: { timeoutMs: number; limit: number },
): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - opts.timeoutMs);
  // With tracing on, each time-out is a span in the trace of the request that placed the order.
  const spans: Span[] = [];
  const cancelled = await deps.uow
    .run(async (tx) => {
      let n = 0;
      for (const order of await tx.lockTimedOut(cutoff, opts.limit)) {
        if (onSagaFailed(order, "TIMEOUT").kind !== "cancel") continue;
        const span = deps.tracing?.start("time out order", SpanKind.INTERNAL, order.traceparent, {
          [ATTR_ORDER_ID]: order.id,
        });
        if (span) spans.push(span);
        const detail = `still PENDING after ${opts.timeoutMs} ms`;
        if (order.mode === "orchestration") {
          if (await timeOutOrchestrated(deps, tx, order, detail, span && deps.tracing?.traceparent(span))) n++;
          continue;
        }
        await tx.cancelAll([{ orderId: order.id, reason: "TIMEOUT", detail }]);
        await tx.enqueue(
          {
            eventId: deps.newId(),
            type: "order-cancel",
            orderId: order.id,
            causationId: null,
            producer: "order",
            occurredAt: deps.now(),
            payload: { userId: order.userId, reason: "TIMEOUT", detail },
          },
          undefined,
          span && deps.tracing?.traceparent(span),
        );
        n++;
      }
      return n;
    })
    .catch((err) => {
      for (const span of spans) deps.tracing?.end(span, err);
      throw err;
    });
  for (const span of spans) deps.tracing?.end(span);
  if (cancelled > 0) deps.published();
  return cancelled;
}
