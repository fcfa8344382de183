// One reader per saga of the live catalog (application/catalog.ts): a saga added gets a reader,
// a changed one a new reader with its new definition in the same consumer group (its committed
// offsets are where the new one goes on), a removed one's reader stops and then its group is
// deleted (reading left nothing of it on the cluster; its data stays until retention).
import type { Logger } from "../../kit/log";
import type { CatalogChange } from "../application/catalog-state";
import type { WatchedSaga } from "../application/definitions";
import type { SagaReader } from "./saga-reader";

export type SagaReaders = {
  get(saga: string): SagaReader | undefined;
  all(): [string, SagaReader][];
  apply(change: CatalogChange): Promise<void>;
  stop(): Promise<void>;
};

export function sagaReaders(deps: {
  sagas: readonly WatchedSaga[];
  make(saga: WatchedSaga): SagaReader;
  /** Deletes a removed saga's consumer group once this observer's reader left it. */
  deleteGroup(saga: string): Promise<void>;
  log: Logger;
}): SagaReaders {
  const readers = new Map(deps.sagas.map((s) => [s.definition.name, deps.make(s)]));
  // Deletions under way (one may wait for another observer to leave the group); a stop waits for them.
  const deleting = new Set<Promise<void>>();
  const stopOne = async (name: string) => {
    const r = readers.get(name);
    readers.delete(name);
    await r?.stop();
  };
  return {
    get: (saga) => readers.get(saga),
    all: () => [...readers],
    async apply(change) {
      for (const s of change.removed) {
        await stopOne(s.definition.name);
        const done: Promise<void> = deps
          .deleteGroup(s.definition.name)
          .catch((err: unknown) =>
            deps.log.warn("the removed saga's consumer group could not be deleted", { saga: s.definition.name, err }),
          )
          .finally(() => deleting.delete(done));
        deleting.add(done);
      }
      for (const s of change.changed) {
        await stopOne(s.definition.name);
        readers.set(s.definition.name, deps.make(s));
      }
      for (const s of change.added) readers.set(s.definition.name, deps.make(s));
    },
    async stop() {
      await Promise.allSettled([...readers.values()].map((r) => r.stop()));
      await Promise.allSettled([...deleting]);
    },
  };
}
