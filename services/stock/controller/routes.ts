// HTTP controller of the stock service (reached through the web gateway's /api/products).
import { healthRoute } from "../../kit/http/health";
import type { Route } from "../../kit/http/server";
import type { StockQueries } from "../application/ports";

export function stockRoutes(queries: StockQueries, health: () => Promise<unknown>): Route[] {
  return [
    healthRoute(health),
    { method: "GET", path: "/products", handle: async () => ({ status: 200, body: await queries.products() }) },
  ];
}
