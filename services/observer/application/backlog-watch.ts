// Backfill you can watch: every few seconds, each saga's records still to read (its group's lag)
// beside the records this observer read, so the saga's page and API can say how far behind
// reading is and how long it will take (domain/backlog.ts).
import type { Logger } from "../../kit/log";
import { sleep } from "../../kit/retry";
import { estimateBacklog, keepWindow, type Backlog, type BacklogSample } from "../domain/backlog";
import type { Sagas } from "./definitions";

export type BacklogWatch = {
  backlog(saga: string): Backlog;
  /** Called as records are read (the reader's `read` metric). */
  countRead(saga: string, records: number): void;
  stop(): Promise<void>;
};

export function startBacklogWatch(deps: {
  sagas: Sagas;
  groupId(saga: string): string;
  /** The lag per partition of the observer's groups (infra: the lag gauge's reader). */
  readLag(): Promise<readonly { group: string; lag: number }[]>;
  intervalMs: number;
  now: () => number;
  log: Logger;
}): BacklogWatch {
  const read = new Map<string, number>();
  const samples = new Map<string, BacklogSample[]>();
  const stopped = new AbortController();

  async function sample(): Promise<void> {
    const lags = await deps.readLag();
    const byGroup = new Map<string, number>();
    for (const l of lags) byGroup.set(l.group, (byGroup.get(l.group) ?? 0) + l.lag);
    const at = deps.now();
    const names = new Set(deps.sagas().map((s) => s.definition.name));
    for (const saga of [...samples.keys()]) if (!names.has(saga)) samples.delete(saga);
    for (const saga of names) {
      const list = samples.get(saga) ?? [];
      const remaining = byGroup.get(deps.groupId(saga));
      // A group without a committed offset yet has no lag to read: it counts as not known.
      if (remaining === undefined) continue;
      list.push({ at, remaining, read: read.get(saga) ?? 0 });
      samples.set(saga, keepWindow(list));
    }
  }

  const loop = (async () => {
    let warned = false;
    while (!stopped.signal.aborted) {
      try {
        await sample();
        warned = false;
      } catch (err) {
        if (!warned) deps.log.warn("could not read the sagas' lag; their backlog is not known", { err });
        warned = true;
      }
      await sleep(deps.intervalMs, stopped.signal);
    }
  })();

  return {
    backlog: (saga) => estimateBacklog(samples.get(saga) ?? []),
    countRead: (saga, records) => read.set(saga, (read.get(saga) ?? 0) + records),
    async stop() {
      stopped.abort();
      await loop;
    },
  };
}
