// The watched sagas' rooms on the tab's socket (LiveClient): a saga's (its page) and an
// instance's (its journey). Joined again after every reconnect, and each listener told to read
// again then, since pushes may have been missed while the socket was away.
import type { Socket } from "socket.io-client";
import {
  isRefusal,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type WatchedBatch,
  type WatchedInstanceChange,
  type WatchedRecord,
} from "../../../contracts/socket";

export type SagaListener = { batch(b: WatchedBatch): void; resync(): void };
export type InstanceListener = {
  change(records: WatchedRecord[], change: WatchedInstanceChange): void;
  resync(): void;
};

const pair = (saga: string, id: string) => JSON.stringify([saga, id]);

export class WatchedRooms {
  private sagas = new Map<string, Set<SagaListener>>();
  private instances = new Map<string, Set<InstanceListener>>();

  constructor(private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>) {
    let connects = 0;
    socket.on("connect", () => {
      const again = connects++ > 0;
      for (const [saga, set] of this.sagas) {
        this.joinSaga(saga);
        if (again) set.forEach((l) => l.resync());
      }
      for (const [key, set] of this.instances) {
        const [saga, id] = JSON.parse(key) as [string, string];
        this.joinInstance(saga, id);
        if (again) set.forEach((l) => l.resync());
      }
    });
    socket.on("saga:batch", (b) => this.sagas.get(b.saga)?.forEach((l) => l.batch(b)));
    socket.on("saga:instance", (saga, records, change) =>
      this.instances.get(pair(saga, change.id))?.forEach((l) => l.change(records, change)),
    );
    socket.on("saga:resync", (saga) => {
      for (const [name, set] of this.sagas) if (saga === null || saga === name) set.forEach((l) => l.resync());
      if (saga === null) for (const set of this.instances.values()) set.forEach((l) => l.resync());
    });
  }

  private refused(message: string, again: () => void, retryAfterMs?: number): void {
    console.warn(`live feed refused a request: ${message}`);
    if (retryAfterMs !== undefined) setTimeout(() => this.socket.connected && again(), retryAfterMs);
  }

  private joinSaga(saga: string): void {
    this.socket.emit("saga:watch", saga, (r) => {
      if (isRefusal(r))
        this.refused(r.error.message, () => this.sagas.has(saga) && this.joinSaga(saga), r.error.retryAfterMs);
    });
  }

  private joinInstance(saga: string, id: string): void {
    this.socket.emit("saga-instance:watch", saga, id, (r) => {
      if (isRefusal(r))
        this.refused(
          r.error.message,
          () => this.instances.has(pair(saga, id)) && this.joinInstance(saga, id),
          r.error.retryAfterMs,
        );
    });
  }

  watchSaga(saga: string, listener: SagaListener): () => void {
    let set = this.sagas.get(saga);
    if (!set) {
      this.sagas.set(saga, (set = new Set()));
      if (this.socket.connected) this.joinSaga(saga);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size > 0) return;
      this.sagas.delete(saga);
      this.socket.emit("saga:unwatch", saga);
    };
  }

  watchInstance(saga: string, id: string, listener: InstanceListener): () => void {
    const key = pair(saga, id);
    let set = this.instances.get(key);
    if (!set) {
      this.instances.set(key, (set = new Set()));
      if (this.socket.connected) this.joinInstance(saga, id);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size > 0) return;
      this.instances.delete(key);
      this.socket.emit("saga-instance:unwatch", saga, id);
    };
  }
}
