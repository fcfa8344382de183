// The observer's HTTP routes; the web's gateway forwards /api/sagas/* here.
import { healthRoute } from "../../kit/http/health";
import type { Route } from "../../kit/http/server";
import type { SagaViews } from "../application/saga-views";

export function observerRoutes(
  views: SagaViews,
  health: () => Promise<{ status: "up" | "down"; detail?: string }>,
): Route[] {
  return [
    { method: "GET", path: "/sagas", handle: async () => ({ status: 200, body: views.list() }) },
    {
      method: "GET",
      path: "/sagas/:name",
      handle: async (req) => ({ status: 200, body: await views.detail(req.params.name!) }),
    },
    {
      method: "GET",
      path: "/sagas/:name/instances",
      handle: async (req) => ({
        status: 200,
        body: await views.instances(req.params.name!, Object.fromEntries(req.query)),
      }),
    },
    {
      method: "GET",
      path: "/sagas/:name/events/:eventId",
      handle: async (req) => ({ status: 200, body: await views.event(req.params.name!, req.params.eventId!) }),
    },
    {
      method: "GET",
      path: "/sagas/:name/instances/:id",
      handle: async (req) => ({
        status: 200,
        body: await views.instance(req.params.name!, req.params.id!, Object.fromEntries(req.query)),
      }),
    },
    healthRoute(health),
  ];
}
