// Socket.IO on the web origin: feeds and per-order rooms. Joining a room and cutting its
// snapshot happen in the same tick, and flushes only emit what was pending, so a client gets
// every record exactly once: in the snapshot or in a later batch. What one socket may ask is
// bounded (limits.ts); a request outside those bounds is refused in its ack, never thrown on.
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import {
  feedRoom,
  orderRoom,
  SOCKET_PATH,
  type BridgeStatus,
  type ClientToServerEvents,
  type FeedKind,
  type ServerToClientEvents,
  type SocketRefusal,
} from "../../contracts/socket";
import { browserRequest, checkBrowserRequest, type BrowserPolicy } from "../../services/kit/http/browser-guard";
import type { Logger } from "../../services/kit/log";
import type { BridgeHub, FlushSink } from "./hub";
import { SocketGuard, type SocketLimits } from "./limits";
import type { OrderSource } from "./orderSource";
import { watchedHandlers, WATCHED_SHAPES } from "./watchedRooms";

export type SagaIo = Server<ClientToServerEvents, ServerToClientEvents>;
/** Requests refused and sockets disconnected for flooding, since the bridge started. */
export type GuardStats = { refused: number; disconnected: number };

const FEEDS: FeedKind[] = ["events", "changes"];
const isFeed = (kind: unknown): kind is FeedKind => FEEDS.includes(kind as FeedKind);
const ORDER_ROOM_PREFIX = orderRoom("");
const validOrderId = (id: unknown): id is string => typeof id === "string" && id.length > 0 && id.length <= 100;
const isAck = (ack: unknown) => typeof ack === "function";

// Every event a client may send, with the exact arguments it must come with. Anything else never
// reaches a handler, so handlers can trust their argument types.
const SHAPES: Record<keyof ClientToServerEvents, (args: unknown[]) => boolean> = {
  "feed:subscribe": (a) => a.length === 2 && isFeed(a[0]) && isAck(a[1]),
  "feed:unsubscribe": (a) => a.length === 1 && isFeed(a[0]),
  "order:watch": (a) => a.length === 2 && validOrderId(a[0]) && isAck(a[1]),
  "order:unwatch": (a) => a.length === 1 && validOrderId(a[0]),
  ...WATCHED_SHAPES,
};
const isKnown = (event: unknown): event is keyof ClientToServerEvents =>
  typeof event === "string" && Object.hasOwn(SHAPES, event);

export function createSocketServer(opts: {
  httpServer: HttpServer;
  hub: BridgeHub;
  orders: OrderSource;
  status: () => BridgeStatus;
  log: Logger;
  limits: SocketLimits;
  stats: GuardStats;
  policy: () => BrowserPolicy;
}): SagaIo {
  const io: SagaIo = new Server(opts.httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    // Leave other upgrade requests (Next.js dev HMR) alone.
    destroyUpgrade: false,
    // A bigger message ends its sender's connection (over a websocket: close code 1009), nobody else's.
    maxHttpBufferSize: 64 * 1024,
    // Every new session, polling or websocket: the web origin's own Host and origin rule, read
    // included, since the feed is readable across origins once a websocket is open.
    allowRequest: (req, callback) => {
      const refused = checkBrowserRequest(browserRequest(req, true), opts.policy());
      callback(refused?.message ?? null, refused === null);
    },
  });

  io.on("connection", (socket) => {
    const guard = new SocketGuard(opts.limits);
    const watched = () => [...socket.rooms].filter((r) => r.startsWith(ORDER_ROOM_PREFIX)).length;
    /** Answers a refusal (when the client asked for an answer) and disconnects a flooder. */
    const refuse = (ack: unknown, refusal: SocketRefusal) => {
      opts.stats.refused++;
      if (isAck(ack)) (ack as (r: SocketRefusal) => void)(refusal);
      if (guard.refused() && socket.connected) {
        opts.stats.disconnected++;
        opts.log.warn("socket disconnected for flooding the bridge", {
          socket: socket.id,
          address: socket.handshake.address,
        });
        socket.disconnect(true);
      }
    };
    const badRequest = (code: "BAD_REQUEST" | "UNKNOWN_EVENT", message: string): SocketRefusal => ({
      error: { code, message },
    });

    // Not calling next() drops the packet.
    socket.use(([event, ...args], next) => {
      if (!isKnown(event))
        return refuse(
          args.at(-1),
          badRequest("UNKNOWN_EVENT", `unknown event ${JSON.stringify(String(event)).slice(0, 60)}`),
        );
      if (!SHAPES[event](args)) return refuse(args.at(-1), badRequest("BAD_REQUEST", `bad arguments for ${event}`));
      next();
    });
    socket.emit("bridge:status", opts.status());

    socket.on("feed:subscribe", async (kind, ack) => {
      const limited = guard.snapshot("feed");
      if (limited) return refuse(ack, limited);
      const { orders, error } = kind === "events" ? await opts.orders.recent() : { orders: [], error: null };
      if (socket.disconnected) return;
      // Same tick: join, then snapshot. Everything after it comes through feed:batch.
      await socket.join(feedRoom(kind));
      ack({
        orders,
        ordersError: error,
        events: kind === "events" ? opts.hub.recent() : [],
        stats: opts.hub.currentStats(),
      });
    });

    socket.on("feed:unsubscribe", (kind) => void socket.leave(feedRoom(kind)));

    socket.on("order:watch", async (orderId, ack) => {
      // Every request is paid for, so asking past the cap over and over ends in a disconnect.
      const limited = guard.snapshot("order");
      if (limited) return refuse(ack, limited);
      const room = orderRoom(orderId);
      if (!socket.rooms.has(room) && watched() >= opts.limits.maxWatchedOrders) {
        opts.stats.refused++;
        return ack({
          error: {
            code: "TOO_MANY_WATCHES",
            message: `at most ${opts.limits.maxWatchedOrders} orders watched at once`,
          },
        });
      }
      await socket.join(room);
      ack({ orderId, events: opts.hub.orderEvents(orderId) });
    });

    socket.on("order:unwatch", (orderId) => void socket.leave(orderRoom(orderId)));
    watchedHandlers({ socket, guard, limits: opts.limits, refuse, refused: () => opts.stats.refused++ });
  });
  return io;
}

/** Where a flush goes: only to rooms that have someone in them. */
export function roomSink(io: SagaIo): FlushSink {
  const occupied = (room: string) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
  return {
    feed(batch) {
      if (occupied(feedRoom("events"))) io.to(feedRoom("events")).emit("feed:batch", batch);
    },
    changes(notice) {
      if (occupied(feedRoom("changes"))) io.to(feedRoom("changes")).emit("feed:changes", notice);
    },
    order(orderId, events) {
      const room = orderRoom(orderId);
      if (occupied(room)) io.to(room).emit("order:events", orderId, events);
    },
  };
}
