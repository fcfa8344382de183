// GET /search (the web's /api/search): a business id across every saga watched.
import type { Route } from "../../kit/http/server";
import type { Search } from "../application/search";

export const searchRoute = (search: Search): Route => ({
  method: "GET",
  path: "/search",
  handle: async (req) => ({ status: 200, body: await search(Object.fromEntries(req.query)) }),
});
