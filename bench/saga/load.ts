// The load: the benchmark's own products and users (spread, so that orders do not all queue on
// one row), an order body per mix kind, and the two ways of offering orders. Open loop places
// order i at start + i / rate whether or not the system keeps up (so a slow system shows as
// latency, not as a lower offered rate); closed loop keeps `concurrency` sagas in flight.
import type pg from "pg";
import type { SagaMode } from "../../contracts";
import { MIX_KINDS, type BenchSettings, type MixKind } from "./settings";

export const PRODUCTS = 100;
export const USERS = 1000;

export async function seedBench(db: { stock: pg.Pool; balance: pg.Pool }): Promise<void> {
  await db.stock.query(
    `INSERT INTO products (id, name, price, stock, initial_stock, updated_at)
     SELECT 'b-p' || i, 'Bench product ' || i, 1, 1000000000, 1000000000, now() FROM generate_series(0, $1 - 1) AS i
     UNION ALL SELECT 'b-scarce', 'Never in stock', 1, 0, 0, now()
     ON CONFLICT (id) DO NOTHING`,
    [PRODUCTS],
  );
  await db.balance.query(
    `INSERT INTO users (id, name, balance, initial_balance, updated_at)
     SELECT 'b-u' || i, 'Bench user ' || i, 2000000000, 2000000000, now() FROM generate_series(0, $1 - 1) AS i
     UNION ALL SELECT 'b-poor', 'Cannot pay', 0, 0, now()
     ON CONFLICT (id) DO NOTHING`,
    [USERS],
  );
}

/** Spreads the shares over every 100 orders, so any window of orders has the mix. */
export function mixPlan(mix: Record<MixKind, number>): MixKind[] {
  const total = MIX_KINDS.reduce((n, k) => n + mix[k], 0);
  const plan: MixKind[] = [];
  for (let i = 0; i < 100; i++) {
    // The kind whose share is furthest behind its target at this point.
    const behind = MIX_KINDS.map((k) => ({ k, gap: (mix[k] / total) * (i + 1) - plan.filter((p) => p === k).length }));
    plan.push(behind.sort((a, b) => b.gap - a.gap)[0]!.k);
  }
  return plan;
}

export function orderBody(
  kind: MixKind,
  i: number,
  mode: SagaMode = "choreography",
): { userId: string; items: { productId: string; quantity: number }[]; mode?: SagaMode } {
  const product = `b-p${i % PRODUCTS}`;
  const as = mode === "choreography" ? {} : { mode };
  if (kind === "stock") return { userId: `b-u${i % USERS}`, items: [{ productId: "b-scarce", quantity: 1 }], ...as };
  if (kind === "points") return { userId: "b-poor", items: [{ productId: product, quantity: 1 }], ...as };
  return { userId: `b-u${i % USERS}`, items: [{ productId: product, quantity: 1 }], ...as };
}

export type Offer = {
  /** Places order i; resolves with its id once accepted (202), or null when it was refused. */
  place(i: number): Promise<string | null>;
  /** Resolves when the saga of this order has ended (closed loop). */
  ended(orderId: string): Promise<void>;
};

/** Offers orders for `seconds`; returns how many were offered. */
export async function offer(settings: BenchSettings, seconds: number, first: number, o: Offer): Promise<number> {
  const until = performance.now() + seconds * 1000;
  if (settings.loop === "open") {
    const rate = settings.rate!;
    const started = performance.now();
    const pending: Promise<unknown>[] = [];
    let i = 0;
    for (;;) {
      const due = started + (i * 1000) / rate;
      if (due >= until) break;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(o.place(first + i));
      i++;
    }
    await Promise.all(pending);
    return i;
  }
  let next = first;
  const worker = async () => {
    while (performance.now() < until) {
      const id = await o.place(next++);
      if (id) await o.ended(id);
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency! }, worker));
  return next - first;
}
