// The topic list and discovery over HTTP; the web's gateway forwards /api/kafka/topics and
// /api/sagas/discover here.
import type { Route } from "../../kit/http/server";
import type { Discovery } from "../application/discovery";

export function discoveryRoutes(d: Discovery): Route[] {
  return [
    { method: "GET", path: "/kafka/topics", handle: async () => ({ status: 200, body: await d.topics() }) },
    {
      method: "POST",
      path: "/sagas/discover",
      handle: async (req) => ({ status: 200, body: await d.discover(await req.json()) }),
    },
  ];
}
