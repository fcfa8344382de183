// 사용자_잔액_차감_TX (the saga's pivot) and its undo on a cancelled order.
import type { Envelope, NewEvent, TopicName } from "../../../contracts";
import { follow, handleAllOnce, handleOnce, type HandlerDeps, type HandleOutcome } from "../../kit/application/inbox";
import type { MessageContext } from "../../kit/kafka/message";
import { decidePayment, decideRefund } from "../domain/balance";
import type { BalanceTx, PaymentRow } from "./ports";

type Ctx = Pick<MessageContext, "receivedAt" | "traceparent">;
type Deps = HandlerDeps<BalanceTx>;
type Next = { event: NewEvent<TopicName>; headers?: Record<string, string>; traceparent?: string };

/**
 * Pays a run of orders with a few statements for all of them: orders and accounts are locked
 * once, each payment is decided in turn against the balance left by the ones before it (the same
 * rule as one at a time), and the effects are written together.
 */
export function onStockDecreases(
  deps: Deps,
  deliveries: { event: Envelope<"stock-decrease">; ctx: Ctx }[],
): Promise<number> {
  return handleAllOnce(deps, deliveries, async (tx, todo) => {
    const payments = await tx.findPaymentsForUpdate(todo.map((d) => d.event.orderId));
    const accounts = await tx.lockAccounts(todo.map((d) => d.event.payload.userId));
    const deltas: { userId: string; delta: number }[] = [];
    const rows: PaymentRow[] = [];
    const out: Next[] = [];
    for (const { event, ctx } of todo) {
      const { userId, totalAmount, items } = event.payload;
      const decision = decidePayment(accounts.get(userId) ?? null, totalAmount, payments.get(event.orderId) ?? null);
      if (decision.kind === "ignore") continue;
      const row: PaymentRow =
        decision.kind === "reject"
          ? { orderId: event.orderId, userId, amount: totalAmount, status: "REJECTED", reason: decision.reason }
          : { orderId: event.orderId, userId, amount: decision.amount, status: "PAID", reason: null };
      payments.set(row.orderId, { status: row.status, amount: row.amount, userId });
      rows.push(row);
      if (decision.kind === "reject") {
        out.push(
          follow(deps, event, ctx, "pay-fail", {
            userId,
            amount: totalAmount,
            reason: decision.reason,
            detail: decision.detail,
          }),
        );
        continue;
      }
      accounts.set(userId, { id: userId, balance: decision.balanceAfter });
      deltas.push({ userId, delta: -decision.amount });
      out.push(
        follow(deps, event, ctx, "pay-complete", {
          userId,
          amount: decision.amount,
          balanceAfter: decision.balanceAfter,
          items,
        }),
      );
    }
    if (deltas.length > 0) await tx.adjustBalances(deltas);
    await tx.savePayments(rows);
    await tx.enqueueAll(out);
  });
}

/** A cancelled order gets its points back if they were taken (e.g. a timeout after payment), announced on pay-refund. */
export function onOrderCancel(deps: Deps, event: Envelope<"order-cancel">, ctx: Ctx): Promise<HandleOutcome> {
  return handleOnce(deps, event, async (tx) => {
    const decision = decideRefund((await tx.findPaymentsForUpdate([event.orderId])).get(event.orderId) ?? null);
    const base = { orderId: event.orderId, reason: event.payload.reason };
    if (decision.kind === "void") {
      await tx.savePayments([{ ...base, userId: event.payload.userId, amount: 0, status: "VOIDED" }]);
    } else if (decision.kind === "refund") {
      await tx.lockAccounts([decision.userId]);
      const balanceAfter =
        (await tx.adjustBalances([{ userId: decision.userId, delta: decision.amount }])).get(decision.userId) ?? 0;
      await tx.savePayments([{ ...base, userId: decision.userId, amount: decision.amount, status: "REFUNDED" }]);
      const next = follow(deps, event, ctx, "pay-refund", {
        userId: decision.userId,
        amount: decision.amount,
        balanceAfter,
      });
      await tx.enqueue(next.event, next.headers, next.traceparent);
    }
  });
}
