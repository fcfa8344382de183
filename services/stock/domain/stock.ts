// Pure rules of the stock service: whether an order's items can be taken, and what a
// compensation must put back. No I/O: the application layer loads state and applies decisions.
import type { OrderItem, PricedItem, StockLevel } from "../../../contracts";

export type Product = { id: string; price: number; stock: number };
export type ReservationStatus = "TAKEN" | "REJECTED" | "RESTORED" | "VOIDED";
export type Reservation = { status: ReservationStatus; items: OrderItem[] };
export type RejectReason = "OUT_OF_STOCK" | "UNKNOWN_PRODUCT" | "INVALID_QUANTITY";

/** Amounts are stored in 32-bit integer columns. */
export const MAX_AMOUNT = 2_147_483_647;

export type TakeDecision =
  | { kind: "take"; items: PricedItem[]; totalAmount: number; levels: StockLevel[] }
  | { kind: "reject"; reason: RejectReason; productId: string | null; detail: string }
  | { kind: "ignore"; why: string };

export function decideTake(
  items: readonly OrderItem[],
  products: ReadonlyMap<string, Product>,
  existing: Reservation | null,
): TakeDecision {
  if (existing) return { kind: "ignore", why: `order already ${existing.status.toLowerCase()} here` };
  const merged = new Map<string, number>();
  for (const i of items) merged.set(i.productId, (merged.get(i.productId) ?? 0) + i.quantity);

  const priced: PricedItem[] = [];
  const levels: StockLevel[] = [];
  let total = 0;
  for (const [productId, quantity] of [...merged].sort(([a], [b]) => a.localeCompare(b))) {
    if (!Number.isSafeInteger(quantity) || quantity <= 0) {
      return {
        kind: "reject",
        reason: "INVALID_QUANTITY",
        productId,
        detail: `quantity ${quantity} of ${productId} is not a positive integer`,
      };
    }
    const product = products.get(productId);
    if (!product)
      return { kind: "reject", reason: "UNKNOWN_PRODUCT", productId, detail: `product ${productId} does not exist` };
    if (product.stock < quantity) {
      return {
        kind: "reject",
        reason: "OUT_OF_STOCK",
        productId,
        detail: `${productId}: ${quantity} ordered, ${product.stock} in stock`,
      };
    }
    const lineAmount = product.price * quantity;
    total += lineAmount;
    if (lineAmount > MAX_AMOUNT || total > MAX_AMOUNT) {
      return {
        kind: "reject",
        reason: "INVALID_QUANTITY",
        productId,
        detail: `order total exceeds ${MAX_AMOUNT} points`,
      };
    }
    priced.push({ productId, quantity, unitPrice: product.price, lineAmount });
    levels.push({ productId, stock: product.stock - quantity });
  }
  if (priced.length === 0)
    return { kind: "reject", reason: "INVALID_QUANTITY", productId: null, detail: "order has no items" };
  return { kind: "take", items: priced, totalAmount: total, levels };
}

export type RestoreDecision =
  | { kind: "restore"; items: OrderItem[] }
  /** Nothing was ever taken: record a tombstone so a late forward step is refused. */
  | { kind: "void" }
  | { kind: "ignore"; why: string };

export function decideRestore(existing: Reservation | null): RestoreDecision {
  if (!existing) return { kind: "void" };
  if (existing.status === "TAKEN") return { kind: "restore", items: existing.items };
  return { kind: "ignore", why: `reservation already ${existing.status.toLowerCase()}` };
}
