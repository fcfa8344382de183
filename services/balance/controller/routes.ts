// HTTP controller of the balance service (reached through the web gateway's /api/users).
import { healthRoute } from "../../kit/http/health";
import type { Route } from "../../kit/http/server";
import type { BalanceQueries } from "../application/ports";

export function balanceRoutes(queries: BalanceQueries, health: () => Promise<unknown>): Route[] {
  return [
    healthRoute(health),
    { method: "GET", path: "/users", handle: async () => ({ status: 200, body: await queries.users() }) },
  ];
}
