// The browser's bounded window of recent saga records, deduplicated by record id
// (topic/partition/offset): a snapshot and the live batches after it may overlap, and a
// reconnect replays a snapshot, but nothing is shown twice.
import type { SagaEvent } from "../../contracts/socket";
import { edgeIdOf, type EdgeId } from "../../shared/eventEdges";
import { RingBuffer } from "../../shared/ring";

export class EventWindow {
  private ring: RingBuffer<SagaEvent>;
  private ids = new Set<string>();
  private cached: SagaEvent[] | null = null;
  version = 0;

  constructor(readonly capacity: number) {
    this.ring = new RingBuffer(capacity);
  }

  /** Replaces the contents (a fresh snapshot). */
  reset(events: readonly SagaEvent[]): void {
    this.ring.clear();
    this.ids.clear();
    this.add(events);
    this.version++;
  }

  /** Adds the records not seen yet; returns them. */
  add(events: readonly SagaEvent[]): SagaEvent[] {
    const fresh: SagaEvent[] = [];
    for (const ev of events) {
      if (this.ids.has(ev.id)) continue;
      this.ids.add(ev.id);
      const dropped = this.ring.push(ev);
      if (dropped) this.ids.delete(dropped.id);
      fresh.push(ev);
    }
    if (fresh.length) {
      this.cached = null;
      this.version++;
    }
    return fresh;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  get size(): number {
    return this.ring.size;
  }

  /** Oldest first; the same array until the window changes. */
  list(): SagaEvent[] {
    this.cached ??= this.ring.toArray();
    return this.cached;
  }
}

/** How many distinct orders took each edge among `events`, by edge id (dead letters have none). */
export function edgeUsage(events: readonly SagaEvent[]): Partial<Record<EdgeId, number>> {
  const perEdge = new Map<EdgeId, Set<string>>();
  for (const ev of events) {
    const id = edgeIdOf(ev.envelope);
    if (!id) continue;
    let s = perEdge.get(id);
    if (!s) perEdge.set(id, (s = new Set()));
    s.add(ev.orderId);
  }
  return Object.fromEntries([...perEdge].map(([t, s]) => [t, s.size]));
}

/** Stroke width for an edge used by `n` of `max` recent orders (log scale, 1.5-7 px). */
export function edgeWidth(n: number, max: number): number {
  if (n <= 0 || max <= 0) return 1.5;
  return 1.5 + 5.5 * (Math.log1p(n) / Math.log1p(max));
}
