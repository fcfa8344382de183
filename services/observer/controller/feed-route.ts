// GET /feed: the observer's live feed as NDJSON (application/live-feed.ts), for the web process's
// bridge. Outside /sagas/, so the gateway's /api/sagas/* row never forwards it to a browser.
import type { ServerResponse } from "node:http";
import { WATCHED_FEED_PATH } from "../../../contracts/socket";
import type { Route } from "../../kit/http/server";
import type { LiveFeed } from "../application/live-feed";

export function attachFeed(feed: LiveFeed, res: ServerResponse): void {
  const sub = feed.subscribe({ write: (text) => res.write(text) }, () => res.end());
  res.on("drain", () => sub.drained());
  res.on("close", () => sub.close());
}

export function feedRoute(feed: LiveFeed): Route {
  return {
    method: "GET",
    path: WATCHED_FEED_PATH,
    handle: async () => ({
      status: 200,
      body: null,
      contentType: "application/x-ndjson",
      stream: (res) => attachFeed(feed, res),
    }),
  };
}
