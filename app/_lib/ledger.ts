// The compensation ledger of one order: every forward effect paired with its undo (stock taken /
// restored per product, points deducted on pay-complete / refunded on pay-refund), judged against
// the order's outcome, so a person can see at a glance whether anything was left unmatched. In
// orchestration the participants' replies carry the same results (outcomeOf).
import type { SagaStep } from "../../contracts/api";
import type { Outcome } from "./journey";
import { orderSteps } from "../../contracts/saga-steps";
import { outcomeOf } from "../../shared/eventEdges";

export type LedgerStatus = "kept" | "matched" | "unmatched" | "open";

export type LedgerRow = {
  resource: "stock" | "points";
  /** productId for stock, userId for points. */
  subject: string;
  forward: number;
  undone: number;
  forwardLabel: string;
  undoLabel: string;
  status: LedgerStatus;
  note: string;
};

export type Ledger = { rows: LedgerRow[]; unmatched: number };

function judge(
  forward: number,
  undone: number,
  outcome: Outcome,
  unit: string,
): { status: LedgerStatus; note: string } {
  if (outcome === "PENDING") return { status: "open", note: "saga still running" };
  if (outcome === "COMPLETED") {
    return undone === 0
      ? { status: "kept", note: `order completed: ${forward} ${unit} kept` }
      : { status: "unmatched", note: `order completed but ${undone} ${unit} were given back` };
  }
  if (forward === undone)
    return { status: "matched", note: forward === 0 ? "nothing taken" : `all ${forward} ${unit} given back` };
  return forward > undone
    ? { status: "unmatched", note: `order cancelled but ${forward - undone} ${unit} not given back` }
    : { status: "unmatched", note: `${undone - forward} ${unit} given back that were never taken` };
}

export function buildLedger(steps: readonly SagaStep[], outcome: Outcome): Ledger {
  const { unique } = orderSteps(steps);
  const stock = new Map<string, { taken: number; restored: number }>();
  const points = new Map<string, { deducted: number; refunded: number }>();
  const stockOf = (id: string) => stock.get(id) ?? stock.set(id, { taken: 0, restored: 0 }).get(id)!;
  for (const s of unique) {
    const e = outcomeOf(s.envelope);
    if (!e) continue;
    if (e.type === "stock-decrease") for (const i of e.payload.items) stockOf(i.productId).taken += i.quantity;
    if (e.type === "stock-restore") for (const i of e.payload.items) stockOf(i.productId).restored += i.quantity;
    if (e.type === "pay-complete" || e.type === "pay-refund") {
      const p = points.get(e.payload.userId) ?? { deducted: 0, refunded: 0 };
      if (e.type === "pay-complete") p.deducted += e.payload.amount;
      else p.refunded += e.payload.amount;
      points.set(e.payload.userId, p);
    }
  }
  const rows: LedgerRow[] = [];
  for (const [productId, v] of stock) {
    rows.push({
      resource: "stock",
      subject: productId,
      forward: v.taken,
      undone: v.restored,
      forwardLabel: "taken",
      undoLabel: "restored",
      ...judge(v.taken, v.restored, outcome, "units"),
    });
  }
  for (const [userId, v] of points) {
    rows.push({
      resource: "points",
      subject: userId,
      forward: v.deducted,
      undone: v.refunded,
      forwardLabel: "deducted",
      undoLabel: "refunded",
      ...judge(v.deducted, v.refunded, outcome, "points"),
    });
  }
  return { rows, unmatched: rows.filter((r) => r.status === "unmatched").length };
}
