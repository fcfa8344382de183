// Watched sagas' rooms on the bridge's sockets: a page joins its saga's room (/sagas/:name) or
// one instance's (/sagas/:name/instances/:id), and each flush pushes there what the observer
// stored. Joining costs a snapshot token like an order room (limits.ts); rooms per socket are capped.
import type { Server, Socket } from "socket.io";
import {
  sagaInstanceRoom,
  sagaRoom,
  validWatchedName,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SocketRefusal,
} from "../../contracts/socket";
import type { SocketGuard, SocketLimits } from "./limits";
import type { WatchedPending } from "./watchedBatches";

type SagaIo = Server<ClientToServerEvents, ServerToClientEvents>;

/** Saga rooms one socket may be in at once (a tab shows one saga; a few tabs may share a socket). */
export const MAX_WATCHED_SAGAS = 20;

const isAck = (a: unknown) => typeof a === "function";

/** The argument shapes of the watched-saga events, checked before any handler runs (sockets.ts). */
export const WATCHED_SHAPES = {
  "saga:watch": (a: unknown[]) => a.length === 2 && validWatchedName(a[0]) && isAck(a[1]),
  "saga:unwatch": (a: unknown[]) => a.length === 1 && validWatchedName(a[0]),
  "saga-instance:watch": (a: unknown[]) =>
    a.length === 3 && validWatchedName(a[0]) && validWatchedName(a[1]) && isAck(a[2]),
  "saga-instance:unwatch": (a: unknown[]) => a.length === 2 && validWatchedName(a[0]) && validWatchedName(a[1]),
} satisfies Partial<Record<keyof ClientToServerEvents, (args: unknown[]) => boolean>>;

const SAGA_PREFIX = sagaRoom("");
const INSTANCE_PREFIX = "saga-instance:";

export function watchedHandlers(opts: {
  socket: Socket<ClientToServerEvents, ServerToClientEvents>;
  guard: SocketGuard;
  limits: SocketLimits;
  refuse(ack: unknown, refusal: SocketRefusal): void;
  refused(): void;
}): void {
  const { socket, guard } = opts;
  const count = (prefix: string) => [...socket.rooms].filter((r) => r.startsWith(prefix)).length;
  const tooMany = (max: number, what: string): SocketRefusal => {
    opts.refused();
    return { error: { code: "TOO_MANY_WATCHES", message: `at most ${max} ${what} watched at once` } };
  };

  socket.on("saga:watch", async (saga, ack) => {
    const limited = guard.snapshot("order");
    if (limited) return opts.refuse(ack, limited);
    const room = sagaRoom(saga);
    if (!socket.rooms.has(room) && count(SAGA_PREFIX) >= MAX_WATCHED_SAGAS)
      return ack(tooMany(MAX_WATCHED_SAGAS, "sagas"));
    await socket.join(room);
    ack({ saga });
  });
  socket.on("saga:unwatch", (saga) => void socket.leave(sagaRoom(saga)));

  socket.on("saga-instance:watch", async (saga, id, ack) => {
    const limited = guard.snapshot("order");
    if (limited) return opts.refuse(ack, limited);
    const room = sagaInstanceRoom(saga, id);
    const max = opts.limits.maxWatchedOrders;
    if (!socket.rooms.has(room) && count(INSTANCE_PREFIX) >= max) return ack(tooMany(max, "instances"));
    await socket.join(room);
    ack({ saga, id });
  });
  socket.on("saga-instance:unwatch", (saga, id) => void socket.leave(sagaInstanceRoom(saga, id)));
}

/** Sends what waits to the rooms that have someone in them; returns how many records were pushed. */
export function flushWatched(io: SagaIo, pending: WatchedPending): number {
  if (pending.size === 0) return 0;
  const occupied = (room: string) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
  const { batches, instances } = pending.drain();
  let sent = 0;
  for (const b of batches) {
    if (!occupied(sagaRoom(b.saga))) continue;
    io.to(sagaRoom(b.saga)).emit("saga:batch", b);
    sent += b.records.length;
  }
  for (const i of instances) {
    const room = sagaInstanceRoom(i.saga, i.change.id);
    if (occupied(room)) io.to(room).emit("saga:instance", i.saga, i.records, i.change);
  }
  return sent;
}

/** Every saga room (or one saga's) is told to read again. */
export function resyncWatched(io: SagaIo): void {
  for (const room of io.sockets.adapter.rooms.keys())
    if (room.startsWith(SAGA_PREFIX) || room.startsWith(INSTANCE_PREFIX))
      io.to(room).emit("saga:resync", room.startsWith(SAGA_PREFIX) ? room.slice(SAGA_PREFIX.length) : null);
}
