// The bridge's memory: records read from Kafka wait in `pending` until the next flush, which
// moves them into a bounded ring (what snapshots are cut from) and hands them to the sink in
// one batch per room. Duplicate records (same topic/partition/offset, e.g. after a consumer
// rebalance) are dropped here, so a browser never sees one twice.
import { applyEvent, createStatsState, statsView, type StatsState } from "../../shared/sagaStats";
import { BoundedSet, RingBuffer } from "../../shared/ring";
import type { BridgeStats, ChangeNotice, FeedBatch, SagaEvent } from "../../contracts/socket";
import type { ServiceName, TopicName } from "../../contracts/topics";

const IDLE_STATS_MS = 2_000;

export type FlushSink = {
  feed(batch: FeedBatch): void;
  changes(notice: ChangeNotice): void;
  /** Called once per order that had records in this flush. */
  order(orderId: string, events: SagaEvent[]): void;
};

export type HubOptions = {
  /** Records kept for snapshots and order rooms. */
  ringSize?: number;
  /** Records sent in a feed snapshot (the newest ones). */
  snapshotSize?: number;
  /** A burst beyond this many pending records is flushed early. */
  maxPending?: number;
  now?: () => number;
};

export class BridgeHub {
  private ring: RingBuffer<SagaEvent>;
  private pending: SagaEvent[] = [];
  private seen = new BoundedSet<string>(100_000);
  private stats: StatsState = createStatsState();
  private lag: Partial<Record<ServiceName, number | null>> = {};
  private readonly snapshotSize: number;
  readonly maxPending: number;
  private readonly now: () => number;
  private lastStatsAt = 0;
  flushed = 0;

  constructor(opts: HubOptions = {}) {
    this.ring = new RingBuffer(opts.ringSize ?? 10_000);
    this.snapshotSize = opts.snapshotSize ?? 1_000;
    this.maxPending = opts.maxPending ?? 5_000;
    this.now = opts.now ?? Date.now;
  }

  /** Queues a record for the next flush; false if this record was seen before. */
  ingest(event: SagaEvent): boolean {
    if (!this.seen.add(event.id)) return false;
    applyEvent(this.stats, event);
    this.pending.push(event);
    return true;
  }

  invalidRecord(): void {
    this.stats.invalid++;
  }

  setLag(lag: Partial<Record<ServiceName, number | null>>): void {
    this.lag = lag;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  currentStats(): BridgeStats {
    return statsView(this.stats, this.now(), this.lag);
  }

  /** Moves pending records into the ring and emits them; returns how many were sent. */
  flush(sink: FlushSink): number {
    const batch = this.pending;
    if (batch.length === 0) {
      // Keep throughput and lag fresh on screen while nothing happens.
      if (this.now() - this.lastStatsAt >= IDLE_STATS_MS) {
        this.lastStatsAt = this.now();
        sink.feed({ events: [], stats: this.currentStats() });
      }
      return 0;
    }
    this.pending = [];
    this.lastStatsAt = this.now();
    const byOrder = new Map<string, SagaEvent[]>();
    const topics: Partial<Record<TopicName, number>> = {};
    for (const ev of batch) {
      this.ring.push(ev);
      const list = byOrder.get(ev.orderId);
      if (list) list.push(ev);
      else byOrder.set(ev.orderId, [ev]);
      topics[ev.topic] = (topics[ev.topic] ?? 0) + 1;
    }
    sink.feed({ events: batch, stats: this.currentStats() });
    sink.changes({ topics, orderIds: [...byOrder.keys()] });
    for (const [orderId, events] of byOrder) sink.order(orderId, events);
    this.flushed += batch.length;
    return batch.length;
  }

  /** The newest flushed records, oldest first. Pending ones arrive in the next batch. */
  recent(): SagaEvent[] {
    const all = this.ring.toArray();
    return all.length > this.snapshotSize ? all.slice(all.length - this.snapshotSize) : all;
  }

  orderEvents(orderId: string): SagaEvent[] {
    return this.ring.filter((e) => e.orderId === orderId);
  }
}
