// Retention (attach.md): an instance that ended, or is stuck, is deleted with its records once its
// last record is older than the saga's `retention`. The sweep runs beside reading, in small
// transactions with a pause between them, so it never holds the store for long; the counters
// (seen, total, ...) are not touched: they stay totals since the saga was first read.
import { retentionMs } from "../../../contracts/sagas";
import type { Logger } from "../../kit/log";
import { sleep } from "../../kit/retry";
import type { Sagas } from "./definitions";

export type RetentionStore = {
  /** Deletes at most `limit` expired instances of `saga` and their records; how many it deleted. */
  deleteExpired(saga: string, q: { lastEventBefore: Date; stuckBefore: Date; limit: number }): Promise<number>;
};

export type RetentionSweep = { stop(): Promise<void> };

/** One pass over every saga: deletes until a batch comes back short. */
export async function sweepOnce(deps: {
  /** The sagas watched and those removed while this observer ran (their data stays until it expires). */
  sagas: Sagas;
  store: RetentionStore;
  now: () => Date;
  batch: number;
  pauseMs: number;
  signal?: AbortSignal;
  onDeleted?(saga: string, n: number): void;
}): Promise<number> {
  let total = 0;
  for (const { definition } of deps.sagas()) {
    for (;;) {
      if (deps.signal?.aborted) return total;
      const now = deps.now().getTime();
      const n = await deps.store.deleteExpired(definition.name, {
        lastEventBefore: new Date(now - retentionMs(definition.retention)),
        stuckBefore: new Date(now - definition.timeoutMs),
        limit: deps.batch,
      });
      total += n;
      if (n > 0) deps.onDeleted?.(definition.name, n);
      if (n < deps.batch) break;
      await sleep(deps.pauseMs, deps.signal);
    }
  }
  return total;
}

/** Sweeps every `intervalMs`; a failed pass (the database away) is logged and tried at the next. */
export function startRetentionSweep(deps: {
  sagas: Sagas;
  store: RetentionStore;
  now: () => Date;
  intervalMs: number;
  log: Logger;
  onDeleted?(saga: string, n: number): void;
}): RetentionSweep {
  const stopped = new AbortController();
  const loop = (async () => {
    while (!stopped.signal.aborted) {
      await sleep(deps.intervalMs, stopped.signal);
      if (stopped.signal.aborted) break;
      try {
        const n = await sweepOnce({ ...deps, batch: 500, pauseMs: 20, signal: stopped.signal });
        if (n > 0) deps.log.info("retention deleted instances past their sagas' retention", { instances: n });
      } catch (err) {
        deps.log.warn("retention pass failed; tried again at the next", { err });
      }
    }
  })();
  return {
    async stop() {
      stopped.abort();
      await loop;
    },
  };
}
