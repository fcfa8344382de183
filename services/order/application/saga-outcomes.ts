// 주문완료처리_TX and the cancellations: the order service's reactions to the saga's outcomes.
import type { CancelReason, Envelope, NewEvent, PricedItem, TopicName } from "../../../contracts";
import { follow, handleAllOnce, handleOnce, type HandlerDeps, type HandleOutcome } from "../../kit/application/inbox";
import type { MessageContext } from "../../kit/kafka/consumer";
import { onPaymentCompleted, onSagaFailed } from "../domain/order";
import type { OrderTx } from "./ports";

type Ctx = Pick<MessageContext, "receivedAt" | "traceparent">;

/** Completes a run of paid orders: one lock, one update and one outbox write for all of them. */
export function onPayCompletes(deps: HandlerDeps<OrderTx>, deliveries: { event: Envelope<"pay-complete">; ctx: Ctx }[]): Promise<number> {
  return handleAllOnce(deps, deliveries, async (tx, todo) => {
    const orders = await tx.findAllForUpdate(todo.map((d) => d.event.orderId));
    const done: { orderId: string; totalAmount: number; items: PricedItem[] }[] = [];
    const out: { event: NewEvent<TopicName>; headers?: Record<string, string>; traceparent?: string }[] = [];
    for (const { event, ctx } of todo) {
      const order = orders.get(event.orderId) ?? null;
      if (onPaymentCompleted(order).kind !== "complete" || !order) continue;
      const { amount, items } = event.payload;
      orders.set(order.id, { ...order, status: "COMPLETED" });
      done.push({ orderId: order.id, totalAmount: amount, items });
      out.push(follow(deps, event, ctx, "order-complete", { userId: order.userId, totalAmount: amount, items }));
    }
    await tx.completeAll(done);
    await tx.enqueueAll(out);
  });
}

async function cancel(deps: HandlerDeps<OrderTx>, tx: OrderTx, event: Envelope, ctx: Ctx, reason: CancelReason, detail: string) {
  const order = (await tx.findAllForUpdate([event.orderId])).get(event.orderId) ?? null;
  if (onSagaFailed(order, reason).kind !== "cancel" || !order) return;
  await tx.cancel(order.id, reason, detail);
  const next = follow(deps, event, ctx, "order-cancel", { userId: order.userId, reason, detail });
  await tx.enqueue(next.event, next.headers, next.traceparent);
}

export function onStockDecreaseFail(deps: HandlerDeps<OrderTx>, event: Envelope<"stock-decrease-fail">, ctx: Ctx): Promise<HandleOutcome> {
  return handleOnce(deps, event, (tx) => cancel(deps, tx, event, ctx, event.payload.reason, event.payload.detail));
}

export function onStockRestore(deps: HandlerDeps<OrderTx>, event: Envelope<"stock-restore">, ctx: Ctx): Promise<HandleOutcome> {
  return handleOnce(deps, event, (tx) => cancel(deps, tx, event, ctx, event.payload.reason, event.payload.detail));
}
