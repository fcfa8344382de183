// The observer's live feed (issue 27): every batch a reader stored, as one NDJSON line, to each
// subscriber (the web process's bridge). Ingest never waits on a subscriber: a slow one gets a
// bounded queue, and past it loses the queue and is sent a `resync` line once it drains, so it
// knows to read the sagas again.
import type { WatchedFeedLine } from "../../../contracts/socket";
import { liveBatch } from "../domain/live-batch";
import type { ObservedRecord } from "../domain/record";

/** Where a subscriber's lines go: write answers false when the line was buffered (backpressure). */
export type FeedWriter = { write(line: string): boolean };

export type FeedSubscriber = {
  /** The writer can take more (its 'drain'): queued lines, after a resync line if some were dropped. */
  drained(): void;
  close(): void;
};

export const line = (l: WatchedFeedLine) => `${JSON.stringify(l)}\n`;

/** One subscriber's queue: lines wait while the writer is full; past `maxQueued`, they are dropped. */
export class QueuedWriter {
  private queue: string[] = [];
  private blocked = false;
  dropped = 0;

  constructor(
    private readonly writer: FeedWriter,
    private readonly maxQueued: number,
  ) {}

  offer(text: string): void {
    if (!this.blocked && this.dropped === 0) {
      this.blocked = !this.writer.write(text);
      return;
    }
    if (this.queue.length < this.maxQueued) {
      this.queue.push(text);
      return;
    }
    // Too far behind: what it would read next is stale anyway; it reads the sagas again.
    this.dropped += this.queue.length + 1;
    this.queue = [];
  }

  drained(): void {
    this.blocked = false;
    if (this.dropped > 0) {
      const dropped = this.dropped;
      this.dropped = 0;
      this.blocked = !this.writer.write(line({ type: "resync", dropped }));
    }
    while (!this.blocked && this.queue.length > 0) this.blocked = !this.writer.write(this.queue.shift()!);
  }

  get queued(): number {
    return this.queue.length;
  }
}

export type LiveFeed = {
  /** A reader's onStored hook: the records it stored for the first time. Never throws. */
  publish(saga: string, records: readonly ObservedRecord[]): void;
  subscribe(writer: FeedWriter, onClose: () => void): FeedSubscriber;
  subscribers(): number;
  /** Lines dropped for slow subscribers since the start. */
  dropped(): number;
  stop(): void;
};

export function liveFeed(opts: {
  sagas: () => string[];
  maxQueued?: number;
  pingMs?: number;
  onError?: (err: Error) => void;
}): LiveFeed {
  const subs = new Map<QueuedWriter, () => void>();
  const maxQueued = opts.maxQueued ?? 1000;
  let dropped = 0;
  const send = (text: string) => {
    for (const s of subs.keys()) {
      const before = s.dropped;
      s.offer(text);
      dropped += s.dropped - before;
    }
  };
  // A quiet feed still says it is alive, so the bridge can tell a dead connection from no traffic.
  const ping = setInterval(() => send(line({ type: "ping" })), opts.pingMs ?? 10_000);
  ping.unref();
  return {
    publish(saga, records) {
      if (subs.size === 0 || records.length === 0) return;
      try {
        send(line({ type: "batch", batch: liveBatch(saga, records) }));
      } catch (err) {
        opts.onError?.(err as Error);
      }
    },
    subscribe(writer, onClose) {
      const q = new QueuedWriter(writer, maxQueued);
      subs.set(q, onClose);
      q.offer(line({ type: "hello", sagas: opts.sagas() }));
      return {
        drained: () => q.drained(),
        close: () => void subs.delete(q),
      };
    },
    subscribers: () => subs.size,
    dropped: () => dropped,
    stop() {
      clearInterval(ping);
      for (const close of subs.values()) close();
      subs.clear();
    },
  };
}
