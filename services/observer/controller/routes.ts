// The observer's HTTP routes; the web's gateway forwards /api/sagas/* and /api/search here.
import { healthRoute } from "../../kit/http/health";
import type { Route } from "../../kit/http/server";
import type { SagaViews } from "../application/saga-views";
import type { Search } from "../application/search";

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

/** GET /search: a business id across every saga watched (attach.md, "Finding a business id"). */
export const searchRoute = (search: Search): Route => ({
  method: "GET",
  path: "/search",
  handle: async (req) => ({ status: 200, body: await search(Object.fromEntries(req.query)) }),
});
