// HTTP controller of the notification service (reached through /api/notifications).
import { healthRoute } from "../../kit/http/health";
import type { Route } from "../../kit/http/server";
import type { NotificationQueries } from "../application/ports";

export function notificationRoutes(queries: NotificationQueries, health: () => Promise<unknown>): Route[] {
  return [
    healthRoute(health),
    {
      method: "GET",
      path: "/notifications",
      handle: async (req) => ({ status: 200, body: await queries.list(req.query.get("orderId") ?? undefined) }),
    },
  ];
}
