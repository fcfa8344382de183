// What one socket may ask of the bridge. Snapshots cost the bridge work (a feed snapshot is up
// to a thousand events), so they are paid for from a token bucket; refused requests are paid for
// from a second one, and a socket that empties it is flooding and is disconnected.
import type { SocketRefusal } from "../../contracts/socket";

export type SocketLimits = {
  /** Order rooms one socket may be in at once. */
  maxWatchedOrders: number;
  /** Snapshot tokens a socket starts with (its burst) and gets back per second. */
  snapshotBurst: number;
  snapshotPerSecond: number;
  /** Tokens a feed snapshot costs; an order snapshot costs one. */
  feedSnapshotCost: number;
  /** Refused requests tolerated in a burst, and forgiven per second, before a disconnect. */
  refusalBurst: number;
  refusalsForgivenPerSecond: number;
};

// A tab asks for two feeds and the order it shows after each (re)connect: 2 * 10 + 1 tokens.
export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxWatchedOrders: 50,
  snapshotBurst: 60,
  snapshotPerSecond: 10,
  feedSnapshotCost: 10,
  refusalBurst: 20,
  refusalsForgivenPerSecond: 1,
};

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
  }

  /** Takes `cost` tokens if there are that many. */
  take(cost = 1): boolean {
    this.refill();
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** How long until `cost` tokens are there. */
  waitMs(cost = 1): number {
    this.refill();
    return Math.max(0, Math.ceil(((cost - this.tokens) / this.perSecond) * 1000));
  }
}

export class SocketGuard {
  private readonly snapshots: TokenBucket;
  private readonly refusals: TokenBucket;

  constructor(
    readonly limits: SocketLimits,
    now: () => number = Date.now,
  ) {
    this.snapshots = new TokenBucket(limits.snapshotBurst, limits.snapshotPerSecond, now);
    this.refusals = new TokenBucket(limits.refusalBurst, limits.refusalsForgivenPerSecond, now);
  }

  /** Pays for a snapshot, or says why not and when to ask again. */
  snapshot(kind: "feed" | "order"): SocketRefusal | null {
    const cost = kind === "feed" ? this.limits.feedSnapshotCost : 1;
    if (this.snapshots.take(cost)) return null;
    return {
      error: { code: "RATE_LIMITED", message: "too many snapshot requests", retryAfterMs: this.snapshots.waitMs(cost) },
    };
  }

  /** Records a refused request; true once the socket has been refused too often. */
  refused(): boolean {
    return !this.refusals.take();
  }
}
