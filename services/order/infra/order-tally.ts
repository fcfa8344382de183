// The order tally (migration 0008): deltas appended with each change of status, inside the
// transaction that makes it, and folded on read. Appending never waits on another transaction,
// unlike a counter row per product that every completion would have to lock.
import type { OrderItem } from "../../../contracts";
import type { Sql } from "../../kit/db/sql";
import type { SagaTotals } from "../application/admission";

type Delta = { kind: "status" | "units" | "points"; key: string; amount: number };

export async function appendTally(tx: Sql, deltas: Delta[]): Promise<void> {
  const sums = new Map<string, Delta>();
  for (const d of deltas) {
    const k = `${d.kind}\u0000${d.key}`;
    const s = sums.get(k);
    if (s) s.amount += d.amount;
    else sums.set(k, { ...d });
  }
  const rows = [...sums.values()].filter((d) => d.amount !== 0);
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO order_tally (kind, key, amount) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])`,
    [rows.map((r) => r.kind), rows.map((r) => r.key), rows.map((r) => r.amount)],
  );
}

export const placed = (n: number): Delta[] => [{ kind: "status", key: "PENDING", amount: n }];

export const completed = (orders: { userId: string; totalAmount: number; items: OrderItem[] }[]): Delta[] => [
  { kind: "status", key: "PENDING", amount: -orders.length },
  { kind: "status", key: "COMPLETED", amount: orders.length },
  ...orders.map((o): Delta => ({ kind: "points", key: o.userId, amount: o.totalAmount })),
  ...orders.flatMap((o) => o.items.map((i): Delta => ({ kind: "units", key: i.productId, amount: i.quantity }))),
];

export const cancelled = (n: number): Delta[] => [
  { kind: "status", key: "PENDING", amount: -n },
  { kind: "status", key: "CANCELLED", amount: n },
];

/** Past this many rows a read folds the deltas first; the fold and the appends never block each other. */
const FOLD_AT = 2_000;

type Row = { kind: string; key: string; n: bigint };

export async function readTally(q: (sql: string) => Promise<unknown>) {
  const [{ n }] = (await q(`SELECT count(*) AS n FROM order_tally`)) as { n: bigint }[];
  if (Number(n) > FOLD_AT) {
    await q(`WITH moved AS (DELETE FROM order_tally RETURNING kind, key, amount)
      INSERT INTO order_tally (kind, key, amount) SELECT kind, key, sum(amount) FROM moved GROUP BY kind, key HAVING sum(amount) <> 0`);
  }
  const rows = (await q(`SELECT kind, key, sum(amount)::bigint AS n FROM order_tally GROUP BY kind, key`)) as Row[];
  const of = (kind: string) =>
    Object.fromEntries(rows.filter((r) => r.kind === kind && Number(r.n) !== 0).map((r) => [r.key, Number(r.n)]));
  return { units: of("units"), paid: of("points"), byStatus: of("status") };
}

/** Sagas in flight and ended, for admission control: plain pg, read a few times a second under load. */
export function sagaTotals(db: Sql): SagaTotals {
  return async () => {
    const { byStatus } = await readTally(async (sql) => (await db.query(sql)).rows);
    return { inFlight: byStatus.PENDING ?? 0, ended: (byStatus.COMPLETED ?? 0) + (byStatus.CANCELLED ?? 0) };
  };
}

/**
 * Sagas per second ended in the last `ms`, over the time since the first of them ended (so a
 * load that began a moment ago is not diluted): read once, when the service starts.
 */
export function recentEndRate(db: Sql): (ms: number) => Promise<number> {
  return async (ms) => {
    // An order that ended lately was placed lately (a saga times out in SAGA_TIMEOUT_MS): the
    // created_at bound keeps this to the newest rows of its index, whatever the table's size.
    const { rows } = await db.query<{ n: string; seconds: number | null }>(
      `SELECT count(*) AS n, extract(epoch FROM now() - min(updated_at))::float8 AS seconds
       FROM orders WHERE created_at > now() - interval '10 minutes' AND status <> 'PENDING' AND updated_at > now() - $1 * interval '1 millisecond'`,
      [ms],
    );
    const n = Number(rows[0]?.n ?? 0);
    return n === 0 ? 0 : n / Math.max(1, rows[0]?.seconds ?? ms / 1000);
  };
}
