// The orders list kept live from socket events: new orders are added on order-create, and
// order-complete / order-cancel update status in place. Also the list's filter and the "hold"
// rule that keeps rows from moving while the user is scrolled down or has an order open.
import type { OrderSummary } from "../../contracts/api";
import type { SagaEvent } from "../../contracts/socket";
import type { CancelReason, OrderStatus } from "../../contracts/topics";

export const MAX_LIST = 10_000;

/** Returns a new list (newest first) with the events applied, or the same list if nothing changed. */
export function applyEventsToList(list: readonly OrderSummary[], events: readonly SagaEvent[], max = MAX_LIST): readonly OrderSummary[] {
  let index: Map<string, number> | null = null;
  let next: OrderSummary[] | null = null;
  const added: OrderSummary[] = [];
  const addedIndex = new Map<string, OrderSummary>();
  const find = (id: string): OrderSummary | undefined => {
    index ??= new Map(list.map((o, i) => [o.orderId, i]));
    const i = index.get(id);
    return addedIndex.get(id) ?? (i === undefined ? undefined : (next ?? list)[i]);
  };
  const replace = (o: OrderSummary) => {
    if (addedIndex.has(o.orderId)) {
      addedIndex.set(o.orderId, o);
      added[added.findIndex((a) => a.orderId === o.orderId)] = o;
      return;
    }
    next ??= [...list];
    next[index!.get(o.orderId)!] = o;
  };
  for (const ev of events) {
    const e = ev.envelope;
    const existing = find(ev.orderId);
    if (e.type === "order-create") {
      if (existing) continue;
      const row: OrderSummary = {
        orderId: ev.orderId,
        userId: e.payload.userId,
        mode: "choreography",
        status: "PENDING",
        reason: null,
        totalAmount: null,
        itemCount: e.payload.items.length,
        createdAt: ev.occurredAt,
        updatedAt: ev.occurredAt,
      };
      added.push(row);
      addedIndex.set(row.orderId, row);
    } else if (existing && existing.status === "PENDING") {
      if (e.type === "order-complete") replace({ ...existing, status: "COMPLETED", totalAmount: e.payload.totalAmount, updatedAt: ev.occurredAt });
      if (e.type === "order-cancel") replace({ ...existing, status: "CANCELLED", reason: e.payload.reason, updatedAt: ev.occurredAt });
      if (e.type === "stock-decrease") replace({ ...existing, totalAmount: e.payload.totalAmount });
    }
  }
  if (added.length === 0 && next === null) return list;
  added.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return [...added, ...(next ?? list)].slice(0, max);
}

export type ListFilter = { status: OrderStatus | ""; reason: CancelReason | ""; q: string };

export function filterOrders(list: readonly OrderSummary[], f: ListFilter): OrderSummary[] {
  const q = f.q.trim().toLowerCase();
  return list.filter(
    (o) =>
      (!f.status || o.status === f.status) &&
      (!f.reason || o.reason === f.reason) &&
      (!q || o.orderId.toLowerCase().includes(q) || o.userId.toLowerCase().includes(q)),
  );
}

/**
 * The ids to show. While holding (scrolled down, or an order open), rows already on screen
 * keep their places and new ones wait above; otherwise the list is simply `ids`.
 */
export function heldIds(shown: readonly string[], ids: readonly string[], holding: boolean): { ids: string[]; waiting: number } {
  if (!holding) return { ids: [...ids], waiting: 0 };
  const present = new Set(ids);
  const kept = shown.filter((id) => present.has(id));
  const keptSet = new Set(kept);
  const waiting = ids.filter((id) => !keptSet.has(id)).length;
  return { ids: kept, waiting };
}
