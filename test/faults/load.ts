// The fault suite's data and load: products and users of its own, a mix of orders that end in
// each of the saga's outcomes, and a client that keeps an order it placed even when the order
// service dies under it (it retries with the same Idempotency-Key).
import { randomUUID } from "node:crypto";
import type { SagaMode } from "../../contracts";
import type { Cluster } from "./cluster";

export const PRODUCTS = [
  { id: "f-bulk", price: 1, stock: 1_000_000 },
  { id: "f-scarce", price: 50, stock: 2 },
  { id: "f-one", price: 10, stock: 1 },
];
export const USERS = [
  { id: "f-rich", balance: 1_000_000_000 },
  { id: "f-poor", balance: 3 },
  { id: "f-spender", balance: 100 },
];

export async function seed(c: Cluster): Promise<void> {
  for (const p of PRODUCTS) {
    await c.db.stock.query(
      `INSERT INTO products (id, name, price, stock, initial_stock, updated_at) VALUES ($1, $1, $2, $3, $3, now()) ON CONFLICT (id) DO NOTHING`,
      [p.id, p.price, p.stock],
    );
  }
  for (const u of USERS) {
    await c.db.balance.query(
      `INSERT INTO users (id, name, balance, initial_balance, updated_at) VALUES ($1, $1, $2, $2, now()) ON CONFLICT (id) DO NOTHING`,
      [u.id, u.balance],
    );
  }
}

export type OrderBody = { userId: string; items: { productId: string; quantity: number }[]; mode?: SagaMode };

/** 70% complete, 15% run out of stock, 15% cannot pay (stock taken, then put back). */
export function mixedOrder(i: number): OrderBody {
  const r = i % 20;
  if (r < 3) return { userId: "f-rich", items: [{ productId: "f-scarce", quantity: 5 }] };
  if (r < 6) return { userId: "f-poor", items: [{ productId: "f-bulk", quantity: 10 }] };
  return { userId: "f-rich", items: [{ productId: "f-bulk", quantity: 1 + (i % 3) }] };
}

/** Places one order; survives the order service dying mid-request by retrying with the same key. */
export async function placeOrder(c: Cluster, body: OrderBody, timeoutMs = 60_000): Promise<string> {
  const key = randomUUID();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await fetch(c.url("order", "/orders"), {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(c.mode === "choreography" || body.mode ? body : { ...body, mode: c.mode }),
      signal: AbortSignal.timeout(5000),
    }).catch(() => null);
    if (r?.status === 202) return ((await r.json()) as { orderId: string }).orderId;
    if (r && r.status < 500) throw new Error(`order refused: ${r.status} ${await r.text()}`);
    if (Date.now() > deadline) throw new Error("the order service did not take the order in time");
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** Places `n` orders, `concurrency` at a time (paced at `perSecond` if given); `atHalf` runs (without pausing the load) once half are in. */
export async function placeMany(
  c: Cluster,
  n: number,
  opts: {
    concurrency?: number;
    body?: (i: number) => OrderBody;
    atHalf?: () => Promise<void>;
    perSecond?: number;
  } = {},
): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const start = Date.now();
  let disruption: Promise<void> | null = null;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      // Open loop at `perSecond`: order i is due at start + i / perSecond.
      const due = opts.perSecond ? start + (i * 1000) / opts.perSecond - Date.now() : 0;
      if (due > 0) await new Promise((r) => setTimeout(r, due));
      ids.push(await placeOrder(c, (opts.body ?? mixedOrder)(i)));
      if (ids.length === Math.ceil(n / 2) && opts.atHalf) disruption = opts.atHalf();
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, worker));
  await disruption;
  return ids;
}
