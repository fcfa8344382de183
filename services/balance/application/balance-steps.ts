// 사용자_잔액_차감_TX (the saga's pivot) and its undo on a cancelled order.
import type { Envelope } from "../../../contracts";
import { follow, handleOnce, type HandlerDeps, type HandleOutcome } from "../../kit/application/inbox";
import type { MessageContext } from "../../kit/kafka/consumer";
import { decidePayment, decideRefund } from "../domain/balance";
import type { BalanceTx } from "./ports";

type Ctx = Pick<MessageContext, "receivedAt">;
type Deps = HandlerDeps<BalanceTx>;

export function onStockDecrease(deps: Deps, event: Envelope<"stock-decrease">, ctx: Ctx): Promise<HandleOutcome> {
  return handleOnce(deps, event, async (tx) => {
    const { userId, totalAmount, items } = event.payload;
    const existing = await tx.findPaymentForUpdate(event.orderId);
    const decision = decidePayment(await tx.lockAccount(userId), totalAmount, existing);
    if (decision.kind === "ignore") return;
    if (decision.kind === "reject") {
      await tx.savePayment({ orderId: event.orderId, userId, amount: totalAmount, status: "REJECTED", reason: decision.reason });
      const next = follow(deps, event, ctx, "pay-fail", { userId, amount: totalAmount, reason: decision.reason, detail: decision.detail });
      await tx.enqueue(next.event, next.headers);
      return;
    }
    const balanceAfter = await tx.adjustBalance(userId, -decision.amount);
    await tx.savePayment({ orderId: event.orderId, userId, amount: decision.amount, status: "PAID", reason: null });
    const next = follow(deps, event, ctx, "pay-complete", { userId, amount: decision.amount, balanceAfter, items });
    await tx.enqueue(next.event, next.headers);
  });
}

/** A cancelled order gets its points back if they were taken (e.g. a timeout after payment), announced on pay-refund. */
export function onOrderCancel(deps: Deps, event: Envelope<"order-cancel">, ctx: Ctx): Promise<HandleOutcome> {
  return handleOnce(deps, event, async (tx) => {
    const decision = decideRefund(await tx.findPaymentForUpdate(event.orderId));
    const base = { orderId: event.orderId, reason: event.payload.reason };
    if (decision.kind === "void") {
      await tx.savePayment({ ...base, userId: event.payload.userId, amount: 0, status: "VOIDED" });
    } else if (decision.kind === "refund") {
      await tx.lockAccount(decision.userId);
      const balanceAfter = await tx.adjustBalance(decision.userId, decision.amount);
      await tx.savePayment({ ...base, userId: decision.userId, amount: decision.amount, status: "REFUNDED" });
      const next = follow(deps, event, ctx, "pay-refund", { userId: decision.userId, amount: decision.amount, balanceAfter });
      await tx.enqueue(next.event, next.headers);
    }
  });
}
