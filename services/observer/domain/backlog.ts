// How far a saga's reading is behind its topics, and how long it will take to catch up: from
// samples of the group's lag (records still to read) and of the records this observer read.
export type BacklogSample = { at: number; remaining: number; read: number };

export type Backlog = {
  /** Records on the saga's topics the observer's group has not read; null until the lag was read once. */
  remaining: number | null;
  /** Records read per second over the last `windowMs`. */
  readPerSecond: number;
  /** Seconds until `remaining` is read at that rate; 0 when nothing is left, null while nothing is read. */
  etaSeconds: number | null;
};

export const BACKLOG_WINDOW_MS = 30_000;

/** Samples oldest first; only those of the last `windowMs` before the newest count for the rate. */
export function estimateBacklog(samples: readonly BacklogSample[], windowMs = BACKLOG_WINDOW_MS): Backlog {
  const last = samples[samples.length - 1];
  if (!last) return { remaining: null, readPerSecond: 0, etaSeconds: null };
  const first = samples.find((s) => s.at >= last.at - windowMs) ?? last;
  const seconds = (last.at - first.at) / 1000;
  const readPerSecond = seconds > 0 ? Math.max(0, last.read - first.read) / seconds : 0;
  const etaSeconds = last.remaining === 0 ? 0 : readPerSecond > 0 ? Math.ceil(last.remaining / readPerSecond) : null;
  return { remaining: last.remaining, readPerSecond: Math.round(readPerSecond), etaSeconds };
}

/** Keeps what the estimate needs: the samples of the last window and one before it. */
export function keepWindow(samples: BacklogSample[], windowMs = BACKLOG_WINDOW_MS): BacklogSample[] {
  const last = samples[samples.length - 1];
  if (!last) return samples;
  const from = samples.findIndex((s) => s.at >= last.at - windowMs);
  return from > 1 ? samples.slice(from - 1) : samples;
}
