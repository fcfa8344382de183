// One shared store per browser tab for the "events" feed: the deduplicated window of recent
// records, the latest stats and the snapshot's orders. Components read it through
// useSyncExternalStore; side effects (list patching, metrics) subscribe to fresh records.
import type { OrderSummary } from "../../../contracts/api";
import type { BridgeStats, FeedBatch, FeedSnapshot, SagaEvent } from "../../../contracts/socket";
import { EventWindow } from "../../_lib/eventWindow";

export type FreshListener = (fresh: SagaEvent[], fromSnapshot: boolean) => void;

export class FeedStore {
  readonly window = new EventWindow(3_000);
  stats: BridgeStats | null = null;
  orders: OrderSummary[] = [];
  ordersError: string | null = null;
  snapshots = 0;
  version = 0;
  private listeners = new Set<() => void>();
  private fresh = new Set<FreshListener>();
  private awaiting = false;
  private buffered: FeedBatch[] = [];

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getVersion = () => this.version;

  onFresh(fn: FreshListener): () => void {
    this.fresh.add(fn);
    return () => this.fresh.delete(fn);
  }

  /** Called just before asking for a snapshot: batches until its answer are held back. */
  expectSnapshot(): void {
    this.awaiting = true;
    this.buffered = [];
  }

  applySnapshot(s: FeedSnapshot): void {
    this.awaiting = false;
    this.window.reset(s.events);
    this.stats = s.stats;
    this.orders = s.orders;
    this.ordersError = s.ordersError;
    this.snapshots++;
    this.emitFresh(this.window.list(), true);
    const held = this.buffered;
    this.buffered = [];
    for (const b of held) this.applyBatch(b, false);
    this.changed();
  }

  applyBatch(b: FeedBatch, notify = true): void {
    if (this.awaiting) {
      this.buffered.push(b);
      return;
    }
    const fresh = this.window.add(b.events);
    this.stats = b.stats;
    if (fresh.length) this.emitFresh(fresh, false);
    if (notify) this.changed();
  }

  private emitFresh(events: SagaEvent[], fromSnapshot: boolean): void {
    for (const fn of this.fresh) fn(events, fromSnapshot);
  }

  private changed(): void {
    this.version++;
    for (const fn of this.listeners) fn();
  }
}
