// The stuck-saga sweeper's use case: a PENDING order older than SAGA_TIMEOUT_MS is cancelled with
// reason TIMEOUT and order-cancel is published, so that every service holding something for it
// gives it back (stock-restore, pay-refund). Forward events arriving later are refused by the
// same guarded transitions that refuse any late event.
import type { HandlerDeps } from "../../kit/application/inbox";
import { onSagaFailed } from "../domain/order";
import type { OrderTx } from "./ports";

export async function timeOutStuckSagas(deps: HandlerDeps<OrderTx>, opts: { timeoutMs: number; limit: number }): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - opts.timeoutMs);
  const cancelled = await deps.uow.run(async (tx) => {
    let n = 0;
    for (const order of await tx.lockTimedOut(cutoff, opts.limit)) {
      if (onSagaFailed(order, "TIMEOUT").kind !== "cancel") continue;
      const detail = `still PENDING after ${opts.timeoutMs} ms`;
      await tx.cancel(order.id, "TIMEOUT", detail);
      await tx.enqueue({
        eventId: deps.newId(),
        type: "order-cancel",
        orderId: order.id,
        causationId: null,
        producer: "order",
        occurredAt: deps.now(),
        payload: { userId: order.userId, reason: "TIMEOUT", detail },
      });
      n++;
    }
    return n;
  });
  if (cancelled > 0) deps.published();
  return cancelled;
}
