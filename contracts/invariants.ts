// The saga's invariants (saga.md), computed from what the services report. Pure: used by the
// gateway's /api/invariants, the dashboard and the tests.
import type { ProductView, UserView } from "./api";

export type Holdings = {
  units: Record<string, number>;
  paid: Record<string, number>;
  byStatus: Record<string, number>;
};

export type InvariantReport = {
  ok: boolean;
  stock: { productId: string; initial: number; current: number; heldByCompleted: number; drift: number }[];
  money: { userId: string; initial: number; current: number; paidByCompleted: number; drift: number }[];
  violations: string[];
};

/** GET /api/invariants. */
export type InvariantsView = InvariantReport & {
  /** Orders still PENDING: conservation is only asserted when this is 0. */
  inFlight: number;
  quiet: boolean;
  orders: Record<string, number>;
};

/** drift = initial - (current + held by COMPLETED orders); any non-zero drift is a violation. */
export function checkConservation(products: ProductView[], users: UserView[], holdings: Holdings): InvariantReport {
  const stock = products.map((p) => {
    const held = holdings.units[p.id] ?? 0;
    return {
      productId: p.id,
      initial: p.initialStock,
      current: p.stock,
      heldByCompleted: held,
      drift: p.initialStock - (p.stock + held),
    };
  });
  const money = users.map((u) => {
    const paid = holdings.paid[u.id] ?? 0;
    return {
      userId: u.id,
      initial: u.initialBalance,
      current: u.balance,
      paidByCompleted: paid,
      drift: u.initialBalance - (u.balance + paid),
    };
  });
  const violations = [
    ...stock.filter((s) => s.drift !== 0).map((s) => `stock of ${s.productId} is off by ${s.drift}`),
    ...money.filter((m) => m.drift !== 0).map((m) => `balance of ${m.userId} is off by ${m.drift}`),
    ...stock.filter((s) => s.current < 0).map((s) => `stock of ${s.productId} is negative`),
    ...money.filter((m) => m.current < 0).map((m) => `balance of ${m.userId} is negative`),
  ];
  return { ok: violations.length === 0, stock, money, violations };
}
