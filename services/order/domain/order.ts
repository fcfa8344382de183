// Pure rules of the order's life: which transitions are allowed, and how items are normalised.
import type { CancelReason, OrderItem, OrderStatus } from "../../../contracts";

export type OrderState = { id: string; userId: string; status: OrderStatus; reason: CancelReason | null };

export type Transition =
  { kind: "complete" } | { kind: "cancel"; reason: CancelReason } | { kind: "ignore"; why: string };

/** Merges lines of the same product and sorts them, so every service sees one line per product. */
export function normalizeItems(items: readonly OrderItem[]): OrderItem[] {
  const byProduct = new Map<string, number>();
  for (const item of items) byProduct.set(item.productId, (byProduct.get(item.productId) ?? 0) + item.quantity);
  return [...byProduct]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([productId, quantity]) => ({ productId, quantity }));
}

export function isTerminal(status: OrderStatus): boolean {
  return status !== "PENDING";
}

/** Payment succeeded: a pending order completes; anything else is a late or duplicate event. */
export function onPaymentCompleted(order: OrderState | null): Transition {
  if (!order) return { kind: "ignore", why: "unknown order" };
  if (isTerminal(order.status)) return { kind: "ignore", why: `order is already ${order.status}` };
  return { kind: "complete" };
}

/** A step failed (or was compensated): a pending order is cancelled with the first reason seen. */
export function onSagaFailed(order: OrderState | null, reason: CancelReason): Transition {
  if (!order) return { kind: "ignore", why: "unknown order" };
  if (isTerminal(order.status)) return { kind: "ignore", why: `order is already ${order.status}` };
  return { kind: "cancel", reason };
}
