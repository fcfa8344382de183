// The tab's one Socket.IO connection. Keeps the feeds and order rooms that components asked
// for, and asks again after every (re)connect, so each one starts from a fresh snapshot.
import { io, type Socket } from "socket.io-client";
import {
  isRefusal,
  SOCKET_PATH,
  type BridgeStatus,
  type ChangeNotice,
  type ClientToServerEvents,
  type SagaEvent,
  type ServerToClientEvents,
  type SocketRefusal,
} from "../../../contracts/socket";
import { FeedStore } from "./FeedStore";
import { WatchedRooms } from "./WatchedRooms";

export type OrderListener = { snapshot(events: SagaEvent[]): void; events(events: SagaEvent[]): void };
export type ConnectionState = { connected: boolean; kafka: BridgeStatus; connects: number };

export class LiveClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly feed = new FeedStore();
  private feedUsers = 0;
  private changeListeners = new Set<(n: ChangeNotice) => void>();
  private orderListeners = new Map<string, Set<OrderListener>>();
  private stateListeners = new Set<() => void>();
  state: ConnectionState = { connected: false, kafka: { kafka: "connecting" }, connects: 0 };
  /** Watched sagas' rooms (issue 27). */
  readonly watched: WatchedRooms;

  constructor() {
    this.socket = io({ path: SOCKET_PATH, transports: ["websocket", "polling"] });
    this.watched = new WatchedRooms(this.socket);
    this.socket.on("connect", () => {
      this.setState({ connected: true, connects: this.state.connects + 1 });
      if (this.feedUsers > 0) this.requestFeed();
      if (this.changeListeners.size > 0) this.socket.emit("feed:subscribe", "changes", () => undefined);
      for (const id of this.orderListeners.keys()) this.requestOrder(id);
    });
    this.socket.on("disconnect", () => this.setState({ connected: false }));
    this.socket.on("bridge:status", (kafka) => this.setState({ kafka }));
    this.socket.on("feed:batch", (b) => this.feed.applyBatch(b));
    this.socket.on("feed:changes", (n) => this.changeListeners.forEach((fn) => fn(n)));
    this.socket.on("order:events", (orderId, events) =>
      this.orderListeners.get(orderId)?.forEach((l) => l.events(events)),
    );
  }

  private setState(patch: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...patch };
    this.stateListeners.forEach((fn) => fn());
  }

  onState = (fn: () => void) => {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  };

  /** A refused request is asked again when the bridge says it may be, if it is still wanted. */
  private refused(r: SocketRefusal, again: () => void): void {
    console.warn(`live feed refused a request: ${r.error.message}`);
    if (r.error.retryAfterMs !== undefined) setTimeout(() => this.socket.connected && again(), r.error.retryAfterMs);
  }

  private requestFeed(): void {
    this.feed.expectSnapshot();
    this.socket.emit("feed:subscribe", "events", (snap) => {
      if (isRefusal(snap)) this.refused(snap, () => this.feedUsers > 0 && this.requestFeed());
      else this.feed.applySnapshot(snap);
    });
  }

  private requestOrder(orderId: string): void {
    this.socket.emit("order:watch", orderId, (snap) => {
      if (isRefusal(snap)) this.refused(snap, () => this.orderListeners.has(orderId) && this.requestOrder(orderId));
      else this.orderListeners.get(orderId)?.forEach((l) => l.snapshot(snap.events));
    });
  }

  useFeed(): () => void {
    if (this.feedUsers++ === 0 && this.socket.connected) this.requestFeed();
    return () => {
      if (--this.feedUsers === 0) this.socket.emit("feed:unsubscribe", "events");
    };
  }

  onChanges(fn: (n: ChangeNotice) => void): () => void {
    if (this.changeListeners.size === 0 && this.socket.connected)
      this.socket.emit("feed:subscribe", "changes", () => undefined);
    this.changeListeners.add(fn);
    return () => {
      this.changeListeners.delete(fn);
      if (this.changeListeners.size === 0) this.socket.emit("feed:unsubscribe", "changes");
    };
  }

  watchOrder(orderId: string, listener: OrderListener): () => void {
    let set = this.orderListeners.get(orderId);
    if (!set) this.orderListeners.set(orderId, (set = new Set()));
    set.add(listener);
    if (this.socket.connected) this.requestOrder(orderId);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.orderListeners.delete(orderId);
        this.socket.emit("order:unwatch", orderId);
      }
    };
  }
}
