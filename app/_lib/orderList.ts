// The orders list kept live from socket events: new orders are added on their saga's first
// event (order-create, or the orchestrator's stock-command take), and the event that ends the
// saga (sagaEnding: order-complete / order-cancel, or the orchestrator's notice) updates status
// in place. Also the list's filter (kept in the URL) and the "hold" rule that keeps rows from
// moving while the user is scrolled down or has an order open.
import type { OrderSummary } from "../../contracts/api";
import { sagaEnding } from "../../contracts/saga-steps";
import type { SagaEvent } from "../../contracts/socket";
import {
  CANCEL_REASONS,
  ORDER_STATUSES,
  SAGA_MODES,
  type CancelReason,
  type OrderStatus,
  type SagaMode,
} from "../../contracts/topics";
import { outcomeOf } from "../../shared/eventEdges";

/** The first event of a saga in either mode, as a new row. */
function newRow(ev: SagaEvent): OrderSummary | null {
  const e = ev.envelope;
  const start =
    e.type === "order-create"
      ? { mode: "choreography" as const, ...e.payload }
      : e.type === "stock-command" && e.payload.action === "take"
        ? { mode: "orchestration" as const, ...e.payload }
        : null;
  if (!start) return null;
  return {
    orderId: ev.orderId,
    userId: start.userId,
    mode: start.mode,
    status: "PENDING",
    reason: null,
    totalAmount: null,
    itemCount: start.items.length,
    createdAt: ev.occurredAt,
    updatedAt: ev.occurredAt,
  };
}

/** What an event changes in a pending row: its end, or the total once stock priced it. */
function patch(row: OrderSummary, ev: SagaEvent): OrderSummary | null {
  const e = ev.envelope;
  const ending = sagaEnding(e);
  if (ending) {
    const p = e.payload as { totalAmount?: number | null };
    const total =
      e.type === "order-complete" || e.type === "notification-command"
        ? (p.totalAmount ?? row.totalAmount)
        : row.totalAmount;
    return { ...row, status: ending.status, reason: ending.reason, totalAmount: total, updatedAt: ev.occurredAt };
  }
  const outcome = outcomeOf(e);
  if (outcome?.type === "stock-decrease") return { ...row, totalAmount: outcome.payload.totalAmount };
  return null;
}

export const MAX_LIST = 10_000;

/** Returns a new list (newest first) with the events applied, or the same list if nothing changed. */
export function applyEventsToList(
  list: readonly OrderSummary[],
  events: readonly SagaEvent[],
  max = MAX_LIST,
): readonly OrderSummary[] {
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
    const existing = find(ev.orderId);
    if (!existing) {
      const row = newRow(ev);
      if (!row) continue;
      added.push(row);
      addedIndex.set(row.orderId, row);
    } else if (existing.status === "PENDING") {
      const changed = patch(existing, ev);
      if (changed) replace(changed);
    }
  }
  if (added.length === 0 && next === null) return list;
  added.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return [...added, ...(next ?? list)].slice(0, max);
}

export type ListFilter = { status: OrderStatus | ""; reason: CancelReason | ""; mode: SagaMode | ""; q: string };

export const NO_FILTER: ListFilter = { status: "", reason: "", mode: "", q: "" };

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | "" =>
  values.includes(v as T) ? (v as T) : "";

/** The filter a URL carries (?status=&reason=&mode=&q=); unknown values filter nothing. */
export function filterFromQuery(params: { get(name: string): string | null }): ListFilter {
  return {
    status: oneOf(ORDER_STATUSES, params.get("status")),
    reason: oneOf(CANCEL_REASONS, params.get("reason")),
    mode: oneOf(SAGA_MODES, params.get("mode")),
    q: (params.get("q") ?? "").slice(0, 100),
  };
}

/** The query string of a filter ("" when it filters nothing), in a fixed order. */
export function filterToQuery(f: ListFilter): string {
  const params = new URLSearchParams();
  for (const key of ["status", "reason", "mode", "q"] as const) if (f[key]) params.set(key, f[key]);
  const q = params.toString();
  return q ? `?${q}` : "";
}

export function filterOrders(list: readonly OrderSummary[], f: ListFilter): OrderSummary[] {
  const q = f.q.trim().toLowerCase();
  return list.filter(
    (o) =>
      (!f.status || o.status === f.status) &&
      (!f.reason || o.reason === f.reason) &&
      (!f.mode || o.mode === f.mode) &&
      (!q || o.orderId.toLowerCase().includes(q) || o.userId.toLowerCase().includes(q)),
  );
}

/**
 * The ids to show. While holding (scrolled down, or an order open), rows already on screen
 * keep their places and new ones wait above; otherwise the list is simply `ids`.
 */
export function heldIds(
  shown: readonly string[],
  ids: readonly string[],
  holding: boolean,
): { ids: string[]; waiting: number } {
  if (!holding) return { ids: [...ids], waiting: 0 };
  const present = new Set(ids);
  const kept = shown.filter((id) => present.has(id));
  const keptSet = new Set(kept);
  const waiting = ids.filter((id) => !keptSet.has(id)).length;
  return { ids: kept, waiting };
}
