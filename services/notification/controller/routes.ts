// HTTP controller of the notification service (reached through /api/notifications).
import type { Route } from "../../kit/http/server";
import type { NotificationQueries } from "../application/ports";

export function notificationRoutes(queries: NotificationQueries, health: () => Promise<unknown>): Route[] {
  return [
    { method: "GET", path: "/health", handle: async () => ({ status: 200, body: await health() }) },
    {
      method: "GET",
      path: "/notifications",
      handle: async (req) => ({ status: 200, body: await queries.list(req.query.get("orderId") ?? undefined) }),
    },
  ];
}
