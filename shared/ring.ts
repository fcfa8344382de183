// Bounded containers: a ring buffer that drops the oldest entry when full, and an insertion-
// ordered set that forgets its oldest keys beyond a cap. They keep long-running views flat.

export class RingBuffer<T> {
  private items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error("capacity must be a positive integer");
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends; returns the entry pushed out, if the buffer was full. */
  push(item: T): T | undefined {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = item;
      this.count++;
      return undefined;
    }
    const dropped = this.items[this.start];
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    return dropped;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }

  filter(pred: (item: T) => boolean): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) {
      const item = this.items[(this.start + i) % this.capacity] as T;
      if (pred(item)) out.push(item);
    }
    return out;
  }

  clear(): void {
    this.items = new Array<T | undefined>(this.capacity);
    this.start = 0;
    this.count = 0;
  }
}

/**
 * Insertion order for the bounded collections below. Evicting with `set.keys().next()` looks
 * free but is not: V8 leaves deleted entries as holes at the front of a Set or Map until it
 * rehashes, so each eviction scans them and a full collection slows down quadratically.
 */
class KeyQueue<K> {
  private items: K[] = [];
  private head = 0;

  /** Keys queued, deleted ones included (a deletion leaves its key here until compacted). */
  get length(): number {
    return this.items.length - this.head;
  }

  /**
   * Appends, and once the queue holds far more keys than the collection (one that deletes keys
   * can stay under its cap, so eviction never drains the queue) rebuilds it from the live keys,
   * which a Set or Map iterates in insertion order.
   */
  push(key: K, live: { readonly size: number; keys(): Iterable<K> }): void {
    this.items.push(key);
    if (this.length > 2 * live.size + 1024) {
      this.items = [...live.keys()];
      this.head = 0;
    }
  }

  shift(): K | undefined {
    if (this.head >= this.items.length) return undefined;
    const key = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return key;
  }
}

export class BoundedSet<K> {
  private keys = new Set<K>();
  private order = new KeyQueue<K>();
  constructor(readonly capacity: number) {}

  has(key: K): boolean {
    return this.keys.has(key);
  }

  /** Adds the key; returns false if it was already present. */
  add(key: K): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    this.order.push(key, this.keys);
    while (this.keys.size > this.capacity) {
      const oldest = this.order.shift();
      if (oldest === undefined) break;
      this.keys.delete(oldest);
    }
    return true;
  }

  delete(key: K): void {
    this.keys.delete(key);
  }

  get size(): number {
    return this.keys.size;
  }
  /** Keys held for the eviction order, deleted ones included: stays within about twice the size. */
  get tracked(): number {
    return this.order.length;
  }
}

/** A Map that forgets its oldest insertions beyond a cap. */
export class BoundedMap<K, V> {
  private map = new Map<K, V>();
  private order = new KeyQueue<K>();
  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (this.map.has(key)) {
      this.map.set(key, value);
      return;
    }
    while (this.map.size >= this.capacity) {
      const oldest = this.order.shift();
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
    // In the map before the queue: a push that rebuilds the queue reads the map's keys.
    this.map.set(key, value);
    this.order.push(key, this.map);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
  /** Keys held for the eviction order, deleted ones included: stays within about twice the size. */
  get tracked(): number {
    return this.order.length;
  }
}
