// What the fault suite checks after every scenario, read straight from the four databases:
// every order terminal, stock and money conserved (globally and inside each service), each
// order's effects matching its outcome (no effect applied twice, none left behind), one notice
// per order, every outbox drained, and every orchestrated saga at its last step.
import { appendFileSync } from "node:fs";
import { checkConservation, type ProductView, type UserView } from "../../contracts";
import type { Cluster } from "./cluster";

export type Audit = {
  orders: number;
  completed: number;
  cancelled: number;
  timedOut: number;
  stuck: number;
  /** Effects that do not match an order's outcome, or that a service's own books do not add up to. */
  doubleEffects: number;
  unnotified: number;
  outbox: number;
  deadLetters: number;
  problems: string[];
  ok: boolean;
};

const rows = async <T>(c: Cluster, s: keyof Cluster["db"], sql: string) => (await c.db[s].query(sql)).rows as T[];
const sumBy = <T>(list: T[], key: (t: T) => string, value: (t: T) => number) => {
  const m = new Map<string, number>();
  for (const t of list) m.set(key(t), (m.get(key(t)) ?? 0) + value(t));
  return m;
};

export async function audit(c: Cluster): Promise<Audit> {
  const orders = await rows<{
    id: string;
    status: string;
    reason: string | null;
    total_amount: number | null;
    user_id: string;
  }>(c, "order", `SELECT id, status, reason, total_amount, user_id FROM orders`);
  const items = await rows<{ order_id: string; product_id: string; quantity: number }>(
    c,
    "order",
    `SELECT i.order_id, i.product_id, i.quantity FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.status = 'COMPLETED'`,
  );
  const products = await rows<{ id: string; name: string; price: number; stock: number; initial_stock: number }>(
    c,
    "stock",
    `SELECT id, name, price, stock, initial_stock FROM products`,
  );
  const reservations = await rows<{
    order_id: string;
    status: string;
    items: { productId: string; quantity: number }[];
  }>(c, "stock", `SELECT order_id, status, items FROM stock_reservations`);
  const users = await rows<{ id: string; name: string; balance: number; initial_balance: number }>(
    c,
    "balance",
    `SELECT id, name, balance, initial_balance FROM users`,
  );
  const payments = await rows<{ order_id: string; user_id: string; status: string; amount: number }>(
    c,
    "balance",
    `SELECT order_id, user_id, status, amount FROM payments`,
  );
  const notices = await rows<{ order_id: string; order_status: string }>(
    c,
    "notification",
    `SELECT order_id, order_status FROM notifications`,
  );
  let outbox = 0;
  for (const s of ["order", "stock", "balance", "notification"] as const)
    outbox += Number((await rows<{ n: string }>(c, s, `SELECT count(*) AS n FROM outbox`))[0].n);
  // Orchestration: at a quiet moment every orchestrated saga has had its last reply.
  const openSagas = Number(
    (await rows<{ n: string }>(c, "order", `SELECT count(*) AS n FROM saga_instances WHERE step <> 'DONE'`))[0].n,
  );
  const deadLetters = Number((await rows<{ n: string }>(c, "order", `SELECT count(*) AS n FROM dead_letters`))[0].n);

  const problems: string[] = [];
  const reservation = new Map(reservations.map((r) => [r.order_id, r]));
  const payment = new Map(payments.map((p) => [p.order_id, p]));
  const noticesOf = sumBy(
    notices,
    (n) => n.order_id,
    () => 1,
  );
  const noticeFor = new Set(notices.map((n) => `${n.order_id}:${n.order_status}`));
  let doubleEffects = 0;
  let unnotified = 0;
  const effect = (problem: string) => {
    doubleEffects++;
    problems.push(problem);
  };
  const known = new Set(orders.map((o) => o.id));
  for (const o of orders) {
    const r = reservation.get(o.id);
    const p = payment.get(o.id);
    if (o.status === "COMPLETED" && (r?.status !== "TAKEN" || p?.status !== "PAID" || p.amount !== o.total_amount)) {
      effect(`order ${o.id} COMPLETED but stock ${r?.status ?? "none"}, payment ${p?.status ?? "none"}`);
    }
    if (o.status === "CANCELLED" && (r?.status === "TAKEN" || p?.status === "PAID")) {
      effect(`order ${o.id} CANCELLED (${o.reason}) but stock ${r?.status}, payment ${p?.status}`);
    }
    if (o.status !== "PENDING" && !noticeFor.has(`${o.id}:${o.status}`)) unnotified++;
    if ((noticesOf.get(o.id) ?? 0) > 1) effect(`order ${o.id} was notified ${noticesOf.get(o.id)} times`);
  }
  for (const r of reservations)
    if (!known.has(r.order_id) && r.status === "TAKEN") effect(`stock held for unknown order ${r.order_id}`);
  for (const p of payments)
    if (!known.has(p.order_id) && p.status === "PAID") effect(`points held for unknown order ${p.order_id}`);

  // Each service's own books: what left its stock or balances is what it holds as TAKEN / PAID.
  const taken = sumBy(
    reservations.filter((r) => r.status === "TAKEN").flatMap((r) => r.items),
    (i) => i.productId,
    (i) => i.quantity,
  );
  for (const p of products) {
    if (p.initial_stock - p.stock !== (taken.get(p.id) ?? 0))
      effect(`stock service: ${p.id} moved ${p.initial_stock - p.stock}, holds ${taken.get(p.id) ?? 0}`);
  }
  const paid = sumBy(
    payments.filter((p) => p.status === "PAID"),
    (p) => p.user_id,
    (p) => p.amount,
  );
  for (const u of users) {
    if (u.initial_balance - u.balance !== (paid.get(u.id) ?? 0))
      effect(`balance service: ${u.id} moved ${u.initial_balance - u.balance}, holds ${paid.get(u.id) ?? 0}`);
  }

  const holdings = {
    units: Object.fromEntries(
      sumBy(
        items,
        (i) => i.product_id,
        (i) => i.quantity,
      ),
    ),
    paid: Object.fromEntries(
      sumBy(
        orders.filter((o) => o.status === "COMPLETED"),
        (o) => o.user_id,
        (o) => o.total_amount ?? 0,
      ),
    ),
    byStatus: {},
  };
  const conservation = checkConservation(
    products.map((p): ProductView => ({
      id: p.id,
      name: p.name,
      price: p.price,
      stock: p.stock,
      initialStock: p.initial_stock,
    })),
    users.map((u): UserView => ({ id: u.id, name: u.name, balance: u.balance, initialBalance: u.initial_balance })),
    holdings,
  );
  problems.push(...conservation.violations);
  // The order service's running tally (what /api/invariants reads) must agree with the rows.
  const tally = (await fetch(c.url("order", "/holdings"))
    .then((r) => r.json())
    .catch(() => null)) as typeof holdings | null;
  const byStatus = Object.fromEntries(
    ["PENDING", "COMPLETED", "CANCELLED"]
      .map((st) => [st, orders.filter((o) => o.status === st).length])
      .filter(([, n]) => n !== 0),
  );
  const same = (a: Record<string, number> | undefined, b: Record<string, number>) =>
    JSON.stringify(
      Object.entries(a ?? {})
        .filter(([, n]) => n !== 0)
        .sort(),
    ) ===
    JSON.stringify(
      Object.entries(b)
        .filter(([, n]) => n !== 0)
        .sort(),
    );
  if (!tally) problems.push("the order service did not answer /holdings");
  else if (!same(tally.units, holdings.units) || !same(tally.paid, holdings.paid) || !same(tally.byStatus, byStatus)) {
    problems.push(
      `the order tally disagrees with the rows: ${JSON.stringify({ tally: tally.byStatus, rows: byStatus })}`,
    );
  }
  const stuck = orders.filter((o) => o.status === "PENDING").length;
  if (stuck) problems.push(`${stuck} orders still PENDING`);
  if (outbox) problems.push(`${outbox} events still in outboxes`);
  if (unnotified) problems.push(`${unnotified} terminal orders not notified`);
  if (openSagas) problems.push(`${openSagas} orchestrated sagas still waiting for a reply`);
  return {
    orders: orders.length,
    completed: orders.filter((o) => o.status === "COMPLETED").length,
    cancelled: orders.filter((o) => o.status === "CANCELLED").length,
    timedOut: orders.filter((o) => o.reason === "TIMEOUT").length,
    stuck,
    doubleEffects,
    unnotified,
    outbox,
    deadLetters,
    problems,
    ok: problems.length === 0,
  };
}

/** Waits until the cluster is quiet and every check holds, or the deadline passes; returns the last audit. */
export async function settle(c: Cluster, timeoutMs = 90_000): Promise<Audit> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const a = await audit(c).catch((err: Error) => ({ ok: false, problems: [err.message] }) as unknown as Audit);
    if (a.ok || Date.now() > deadline) return a;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** One line of the suite's table, appended to FAULT_REPORT (scripts/fault-report.ts prints it). */
export function record(scenario: string, a: Audit, seconds: number): void {
  const file = process.env.FAULT_REPORT;
  if (!file) return;
  appendFileSync(
    file,
    `${JSON.stringify({ scenario, ...a, problems: a.problems.slice(0, 5), seconds: Math.round(seconds * 10) / 10 })}\n`,
  );
}
