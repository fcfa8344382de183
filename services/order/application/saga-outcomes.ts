// 주문완료처리_TX and the cancellations: the order service's reactions to the saga's outcomes.
import type { CancelReason, Envelope } from "../../../contracts";
import { follow, handleOnce, type HandlerDeps, type HandleOutcome } from "../../kit/application/inbox";
import type { MessageContext } from "../../kit/kafka/consumer";
import { onPaymentCompleted, onSagaFailed } from "../domain/order";
import type { OrderTx } from "./ports";

type Ctx = Pick<MessageContext, "receivedAt">;

export function onPayComplete(deps: HandlerDeps<OrderTx>, event: Envelope<"pay-complete">, ctx: Ctx): Promise<HandleOutcome> {
  return handleOnce(deps, event, async (tx) => {
    const order = await tx.findForUpdate(event.orderId);
    if (onPaymentCompleted(order).kind !== "complete" || !order) return;
    const { amount, items } = event.payload;
    await tx.complete(order.id, amount, items);
    const next = follow(deps, event, ctx, "order-complete", { userId: order.userId, totalAmount: amount, items });
    await tx.enqueue(next.event, next.headers);
  });
}

async function cancel(deps: HandlerDeps<OrderTx>, tx: OrderTx, event: Envelope, ctx: Ctx, reason: CancelReason, detail: string) {
  const order = await tx.findForUpdate(event.orderId);
  if (onSagaFailed(order, reason).kind !== "cancel" || !order) return;
  await tx.cancel(order.id, reason, detail);
  const next = follow(deps, event, ctx, "order-cancel", { userId: order.userId, reason, detail });
  await tx.enqueue(next.event, next.headers);
}

export function onStockDecreaseFail(deps: HandlerDeps<OrderTx>, event: Envelope<"stock-decrease-fail">, ctx: Ctx): Promise<HandleOutcome> {
  return handleOnce(deps, event, (tx) => cancel(deps, tx, event, ctx, event.payload.reason, event.payload.detail));
}

export function onStockRestore(deps: HandlerDeps<OrderTx>, event: Envelope<"stock-restore">, ctx: Ctx): Promise<HandleOutcome> {
  return handleOnce(deps, event, (tx) => cancel(deps, tx, event, ctx, event.payload.reason, event.payload.detail));
}
