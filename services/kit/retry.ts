// What a consumer does with a record whose handling failed, and how long it waits before the
// next try: the one rule every Kafka sink (kafka/pipeline.ts) and the outbox relay follow. It reads
// the error table (errors.ts): poison gives up at once, a bug or a flaky party after
// `maxAttempts`, an outage of our own infrastructure never.
import type { SagaError } from "./errors";

export type Disposition = "retry" | "give-up";

export function disposition(
  error: SagaError,
  attempt: number,
  opts: { maxAttempts: number; mustComplete?: boolean },
): Disposition {
  if (error.deadLetter === "at-once") return "give-up";
  // A compensation is never given up on after retries: abandoning it would leave stock or points
  // held for a cancelled order. Only poison leaves its topic.
  if (error.deadLetter === "after-retries" && attempt >= opts.maxAttempts && !opts.mustComplete) return "give-up";
  return "retry";
}

export const BACKOFF_CAP_MS = 5000;

/**
 * The wait before try `attempt + 1`: exponential from `baseMs`, capped, with "equal jitter" (half
 * fixed, half random), so the members of a group, or the four relays, that failed on the same
 * outage do not all come back in the same millisecond, and no wait is shorter than half its step.
 */
export function backoffMs(
  attempt: number,
  baseMs: number,
  random: () => number = Math.random,
  capMs: number = BACKOFF_CAP_MS,
): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(step / 2 + random() * (step / 2));
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
