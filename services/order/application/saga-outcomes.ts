// 주문완료처리_TX and the cancellations: the order service's reactions to the saga's outcomes.
import type { CancelReason, Envelope, NewEvent, PricedItem, TopicName } from "../../../contracts";
import { follow, handleAllOnce, type HandlerDeps } from "../../kit/application/inbox";
import type { MessageContext } from "../../kit/kafka/message";
import { onPaymentCompleted, onSagaFailed } from "../domain/order";
import type { OrderTx } from "./ports";

type Ctx = Pick<MessageContext, "receivedAt" | "traceparent">;

/** Completes a run of paid orders: one lock, one update and one outbox write for all of them. */
export function onPayCompletes(
  deps: HandlerDeps<OrderTx>,
  deliveries: { event: Envelope<"pay-complete">; ctx: Ctx }[],
): Promise<number> {
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

type Cancels = Envelope<"stock-decrease-fail"> | Envelope<"stock-restore">;

/** Cancels a run of failed sagas' orders: one lock, one update and one outbox write for all of them. */
export function onSagaFailures(
  deps: HandlerDeps<OrderTx>,
  deliveries: { event: Cancels; ctx: Ctx }[],
): Promise<number> {
  return handleAllOnce(deps, deliveries, async (tx, todo) => {
    const orders = await tx.findAllForUpdate(todo.map((d) => d.event.orderId));
    const done: { orderId: string; reason: CancelReason; detail: string }[] = [];
    const out: { event: NewEvent<TopicName>; headers?: Record<string, string>; traceparent?: string }[] = [];
    for (const { event, ctx } of todo) {
      const order = orders.get(event.orderId) ?? null;
      const { reason, detail } = event.payload;
      if (onSagaFailed(order, reason).kind !== "cancel" || !order) continue;
      orders.set(order.id, { ...order, status: "CANCELLED", reason });
      done.push({ orderId: order.id, reason, detail });
      out.push(follow(deps, event, ctx, "order-cancel", { userId: order.userId, reason, detail }));
    }
    await tx.cancelAll(done);
    await tx.enqueueAll(out);
  });
}
