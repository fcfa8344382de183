// 재고차감_TX and its compensation: the stock service's reactions to order-create, pay-fail
// and order-cancel.
import type { CancelReason, Envelope } from "../../../contracts";
import { follow, handleOnce, type HandlerDeps, type HandleOutcome } from "../../kit/application/inbox";
import type { MessageContext } from "../../kit/kafka/consumer";
import { decideRestore, decideTake } from "../domain/stock";
import type { StockTx } from "./ports";

type Ctx = Pick<MessageContext, "receivedAt">;
type Deps = HandlerDeps<StockTx>;

export function onOrderCreate(deps: Deps, event: Envelope<"order-create">, ctx: Ctx): Promise<HandleOutcome> {
  return handleOnce(deps, event, async (tx) => {
    const { userId, items } = event.payload;
    const existing = await tx.findReservationForUpdate(event.orderId);
    const products = await tx.lockProducts(items.map((i) => i.productId));
    const decision = decideTake(items, products, existing);
    if (decision.kind === "ignore") return;
    if (decision.kind === "reject") {
      await tx.saveReservation(event.orderId, "REJECTED", [], decision.reason);
      const next = follow(deps, event, ctx, "stock-decrease-fail", {
        userId,
        reason: decision.reason,
        productId: decision.productId,
        detail: decision.detail,
      });
      await tx.enqueue(next.event, next.headers);
      return;
    }
    const levels = await tx.adjustStock(decision.items.map((i) => ({ productId: i.productId, delta: -i.quantity })));
    await tx.saveReservation(event.orderId, "TAKEN", decision.items.map((i) => ({ productId: i.productId, quantity: i.quantity })), null);
    const next = follow(deps, event, ctx, "stock-decrease", { userId, items: decision.items, totalAmount: decision.totalAmount, stockLevels: levels });
    await tx.enqueue(next.event, next.headers);
  });
}

/** Puts back what this order took. Safe to run twice, and safe when nothing was taken. */
async function compensate(deps: Deps, tx: StockTx, event: Envelope, ctx: Ctx, reason: CancelReason, detail: string, announceVoid: boolean) {
  const decision = decideRestore(await tx.findReservationForUpdate(event.orderId));
  if (decision.kind === "ignore") return;
  if (decision.kind === "void") {
    await tx.saveReservation(event.orderId, "VOIDED", [], reason);
    if (!announceVoid) return;
    const next = follow(deps, event, ctx, "stock-restore", { items: [], stockLevels: [], reason, detail });
    await tx.enqueue(next.event, next.headers);
    return;
  }
  await tx.lockProducts(decision.items.map((i) => i.productId));
  const levels = await tx.adjustStock(decision.items.map((i) => ({ productId: i.productId, delta: i.quantity })));
  await tx.saveReservation(event.orderId, "RESTORED", decision.items, reason);
  const next = follow(deps, event, ctx, "stock-restore", { items: decision.items, stockLevels: levels, reason, detail });
  await tx.enqueue(next.event, next.headers);
}

export function onPayFail(deps: Deps, event: Envelope<"pay-fail">, ctx: Ctx): Promise<HandleOutcome> {
  return handleOnce(deps, event, (tx) => compensate(deps, tx, event, ctx, event.payload.reason, event.payload.detail, true));
}

/** An order cancelled elsewhere (e.g. a timeout) releases anything still held for it. */
export function onOrderCancel(deps: Deps, event: Envelope<"order-cancel">, ctx: Ctx): Promise<HandleOutcome> {
  return handleOnce(deps, event, (tx) => compensate(deps, tx, event, ctx, event.payload.reason, event.payload.detail, false));
}
