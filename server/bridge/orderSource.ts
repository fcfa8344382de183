// Recent orders for feed snapshots, read from the order service's API (the gateway URL in
// config.services.order). A reconnect storm costs one request, not hundreds: callers share the
// load in flight and a quiet cache for cacheMs. Once the bridge has taken in a record since the
// last load (invalidate), the next snapshot reloads, so its orders are never older than its events.
import type { OrderSummary } from "../../contracts/api";

type Recent = { orders: OrderSummary[]; error: string | null };
export type OrderSource = { recent(): Promise<Recent>; invalidate(): void };

export function orderSource(opts: {
  orderUrl: string;
  limit: number;
  cacheMs: number;
  fetchImpl?: typeof fetch;
  now?: () => number;
}): OrderSource {
  const doFetch = opts.fetchImpl ?? fetch;
  const now = opts.now ?? Date.now;
  let cached: { at: number; value: Promise<Recent>; settled: boolean } | null = null;
  let stale = false;

  async function load(): Promise<Recent> {
    try {
      const r = await doFetch(`${opts.orderUrl}/orders?limit=${opts.limit}`, { signal: AbortSignal.timeout(3000) });
      if (!r.ok) return { orders: [], error: `order service answered HTTP ${r.status}` };
      return { orders: (await r.json()) as OrderSummary[], error: null };
    } catch (err) {
      return { orders: [], error: `order service did not answer: ${(err as Error).message}` };
    }
  }

  return {
    recent() {
      const t = now();
      const expired = !cached || t - cached.at > opts.cacheMs || (stale && cached.settled);
      if (expired) {
        stale = false;
        const entry: { at: number; value: Promise<Recent>; settled: boolean } = {
          at: t,
          value: load(),
          settled: false,
        };
        void entry.value.then(() => (entry.settled = true));
        cached = entry;
      }
      return cached!.value;
    },
    invalidate() {
      stale = true;
    },
  };
}
