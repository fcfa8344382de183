// The browser's calls to the public HTTP API (same origin), typed with the contracts.
import type { CreateOrderResponse, HealthView, OrderSummary, ProductView, UserView } from "../../../contracts/api";
import type { InvariantsView } from "../../../contracts/invariants";
import type { OrderJourneyView } from "../../../contracts/order-journey";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const r = await fetch(path, { headers: { accept: "application/json" }, cache: "no-store" });
  const body: unknown = await r.json().catch(() => null);
  if (!r.ok) throw new ApiError(r.status, body);
  return body as T;
}

export const api = {
  products: () => getJson<ProductView[]>("/api/products"),
  users: () => getJson<UserView[]>("/api/users"),
  orders: (limit: number) => getJson<OrderSummary[]>(`/api/orders?limit=${limit}`),
  order: (id: string) => getJson<OrderJourneyView>(`/api/orders/${encodeURIComponent(id)}`),
  invariants: () => getJson<InvariantsView>("/api/invariants"),
  /** 503 still carries the view (some part is down), so it is read whatever the status. */
  async health(): Promise<HealthView> {
    const r = await fetch("/api/health", { headers: { accept: "application/json" }, cache: "no-store" });
    const body: unknown = await r.json().catch(() => null);
    if (!body || typeof body !== "object" || !("services" in body)) throw new ApiError(r.status, body);
    return body as HealthView;
  },
  async placeOrder(body: unknown): Promise<CreateOrderResponse> {
    const r = await fetch("/api/orders", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json: unknown = await r.json().catch(() => null);
    if (!r.ok) throw new ApiError(r.status, json);
    return json as CreateOrderResponse;
  },
};

export const queryKeys = {
  products: ["products"] as const,
  users: ["users"] as const,
  orders: ["orders"] as const,
  order: (id: string) => ["order", id] as const,
  invariants: ["invariants"] as const,
  health: ["health"] as const,
};
