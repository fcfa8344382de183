// Recent orders for feed snapshots, read from the order service's API (the gateway URL in
// config.services.order). Cached briefly so a reconnect storm costs one request, not hundreds.
import type { OrderSummary } from "../../contracts/api";

export type OrderSource = { recent(): Promise<{ orders: OrderSummary[]; error: string | null }> };

export function orderSource(opts: { orderUrl: string; limit: number; cacheMs: number; fetchImpl?: typeof fetch; now?: () => number }): OrderSource {
  const doFetch = opts.fetchImpl ?? fetch;
  const now = opts.now ?? Date.now;
  let cached: { at: number; value: Promise<{ orders: OrderSummary[]; error: string | null }> } | null = null;

  async function load(): Promise<{ orders: OrderSummary[]; error: string | null }> {
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
      if (!cached || t - cached.at > opts.cacheMs) cached = { at: t, value: load() };
      return cached.value;
    },
  };
}
