// Socket.IO on the web origin: feeds and per-order rooms. Joining a room and cutting its
// snapshot happen in the same tick, and flushes only emit what was pending, so a client gets
// every record exactly once: in the snapshot or in a later batch.
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
} from "../../contracts/socket";
import type { Logger } from "../../services/kit/log";
import type { BridgeHub, FlushSink } from "./hub";
import type { OrderSource } from "./orderSource";

export type SagaIo = Server<ClientToServerEvents, ServerToClientEvents>;

const FEEDS: FeedKind[] = ["events", "changes"];
const validOrderId = (id: unknown): id is string => typeof id === "string" && id.length > 0 && id.length <= 100;

export function createSocketServer(opts: { httpServer: HttpServer; hub: BridgeHub; orders: OrderSource; status: () => BridgeStatus; log: Logger }): SagaIo {
  const io: SagaIo = new Server(opts.httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    // Leave other upgrade requests (Next.js dev HMR) alone.
    destroyUpgrade: false,
    maxHttpBufferSize: 64 * 1024,
  });

  io.on("connection", (socket) => {
    socket.emit("bridge:status", opts.status());

    socket.on("feed:subscribe", async (kind, ack) => {
      if (!FEEDS.includes(kind) || typeof ack !== "function") return;
      const { orders, error } = kind === "events" ? await opts.orders.recent() : { orders: [], error: null };
      if (socket.disconnected) return;
      // Same tick: join, then snapshot. Everything after it comes through feed:batch.
      await socket.join(feedRoom(kind));
      ack({ orders, ordersError: error, events: kind === "events" ? opts.hub.recent() : [], stats: opts.hub.currentStats() });
    });

    socket.on("feed:unsubscribe", (kind) => {
      if (FEEDS.includes(kind)) void socket.leave(feedRoom(kind));
    });

    socket.on("order:watch", async (orderId, ack) => {
      if (!validOrderId(orderId) || typeof ack !== "function") return;
      await socket.join(orderRoom(orderId));
      ack({ orderId, events: opts.hub.orderEvents(orderId) });
    });

    socket.on("order:unwatch", (orderId) => {
      if (validOrderId(orderId)) void socket.leave(orderRoom(orderId));
    });
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
