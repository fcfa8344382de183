// 재고차감_TX and its compensation: the stock service's reactions to order-create, pay-fail
// and order-cancel.
import type { CancelReason, Envelope, NewEvent, TopicName } from "../../../contracts";
import { follow, handleAllOnce, handleOnce, type HandlerDeps, type HandleOutcome } from "../../kit/application/inbox";
import type { MessageContext } from "../../kit/kafka/message";
import { decideRestore, decideTake, type Product, type Reservation } from "../domain/stock";
import type { ReservationRow, StockTx } from "./ports";

type Ctx = Pick<MessageContext, "receivedAt" | "traceparent">;
type Deps = HandlerDeps<StockTx>;
type Next = { event: NewEvent<TopicName>; headers?: Record<string, string>; traceparent?: string };

/**
 * Takes the items of a run of orders with a few statements for all of them: the orders and their
 * products are locked once, each order is decided in turn against the stock left by the ones
 * before it (the same rule as one at a time), and the effects are written together.
 */
export function onOrderCreates(
  deps: Deps,
  deliveries: { event: Envelope<"order-create">; ctx: Ctx }[],
): Promise<number> {
  return handleAllOnce(deps, deliveries, async (tx, todo) => {
    const reservations = await tx.findReservationsForUpdate(todo.map((d) => d.event.orderId));
    const products = await tx.lockProducts(todo.flatMap((d) => d.event.payload.items.map((i) => i.productId)));
    const deltas: { productId: string; delta: number }[] = [];
    const rows: ReservationRow[] = [];
    const out: Next[] = [];
    for (const { event, ctx } of todo) {
      const { userId, items } = event.payload;
      const decision = decideTake(items, products, reservations.get(event.orderId) ?? null);
      if (decision.kind === "ignore") continue;
      if (decision.kind === "reject") {
        remember(reservations, rows, {
          orderId: event.orderId,
          status: "REJECTED",
          items: [],
          reason: decision.reason,
        });
        out.push(
          follow(deps, event, ctx, "stock-decrease-fail", {
            userId,
            reason: decision.reason,
            productId: decision.productId,
            detail: decision.detail,
          }),
        );
        continue;
      }
      for (const level of decision.levels)
        products.set(level.productId, { ...(products.get(level.productId) as Product), stock: level.stock });
      deltas.push(...decision.items.map((i) => ({ productId: i.productId, delta: -i.quantity })));
      remember(reservations, rows, {
        orderId: event.orderId,
        status: "TAKEN",
        items: decision.items.map((i) => ({ productId: i.productId, quantity: i.quantity })),
        reason: null,
      });
      out.push(
        follow(deps, event, ctx, "stock-decrease", {
          userId,
          items: decision.items,
          totalAmount: decision.totalAmount,
          stockLevels: decision.levels,
        }),
      );
    }
    if (deltas.length > 0) await tx.adjustStock(deltas);
    await tx.saveReservations(rows);
    await tx.enqueueAll(out);
  });
}

function remember(reservations: Map<string, Reservation>, rows: ReservationRow[], row: ReservationRow): void {
  reservations.set(row.orderId, { status: row.status, items: row.items });
  rows.push(row);
}

/** Puts back what this order took. Safe to run twice, and safe when nothing was taken. */
async function compensate(
  deps: Deps,
  tx: StockTx,
  event: Envelope,
  ctx: Ctx,
  reason: CancelReason,
  detail: string,
  announceVoid: boolean,
) {
  const decision = decideRestore((await tx.findReservationsForUpdate([event.orderId])).get(event.orderId) ?? null);
  if (decision.kind === "ignore") return;
  if (decision.kind === "void") {
    await tx.saveReservations([{ orderId: event.orderId, status: "VOIDED", items: [], reason }]);
    if (!announceVoid) return;
    const next = follow(deps, event, ctx, "stock-restore", { items: [], stockLevels: [], reason, detail });
    await tx.enqueue(next.event, next.headers, next.traceparent);
    return;
  }
  await tx.lockProducts(decision.items.map((i) => i.productId));
  const levels = await tx.adjustStock(decision.items.map((i) => ({ productId: i.productId, delta: i.quantity })));
  await tx.saveReservations([{ orderId: event.orderId, status: "RESTORED", items: decision.items, reason }]);
  const next = follow(deps, event, ctx, "stock-restore", {
    items: decision.items,
    stockLevels: levels,
    reason,
    detail,
  });
  await tx.enqueue(next.event, next.headers, next.traceparent);
}

export function onPayFail(deps: Deps, event: Envelope<"pay-fail">, ctx: Ctx): Promise<HandleOutcome> {
  return handleOnce(deps, event, (tx) =>
    compensate(deps, tx, event, ctx, event.payload.reason, event.payload.detail, true),
  );
}

/** The orchestrator's restore command: the same compensation, always answered (an empty restore when nothing was taken). */
export function restoreStock(
  deps: Deps,
  event: Envelope,
  ctx: Ctx,
  reason: CancelReason,
  detail: string,
): Promise<HandleOutcome> {
  return handleOnce(deps, event, (tx) => compensate(deps, tx, event, ctx, reason, detail, true));
}

/** An order cancelled elsewhere (e.g. a timeout) releases anything still held for it. */
export function onOrderCancel(deps: Deps, event: Envelope<"order-cancel">, ctx: Ctx): Promise<HandleOutcome> {
  return handleOnce(deps, event, (tx) =>
    compensate(deps, tx, event, ctx, event.payload.reason, event.payload.detail, false),
  );
}
