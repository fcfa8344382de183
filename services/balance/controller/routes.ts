// HTTP controller of the balance service (reached through the web gateway's /api/users).
import type { Route } from "../../kit/http/server";
import type { BalanceQueries } from "../application/ports";

export function balanceRoutes(queries: BalanceQueries, health: () => Promise<unknown>): Route[] {
  return [
    { method: "GET", path: "/health", handle: async () => ({ status: 200, body: await health() }) },
    { method: "GET", path: "/users", handle: async () => ({ status: 200, body: await queries.users() }) },
  ];
}
