// GET /search (attach.md, "Finding a business id"): instances of every saga watched now, the
// built-in one included, by id, id prefix, or a header or JSON leaf value of one of their
// records; each with its status as the instances API gives it (domain/status.ts).
import { fieldErrors } from "../../../contracts";
import { SearchQuery, type SearchAnswer } from "../../../contracts/sagas";
import { SagaError } from "../../kit/errors";
import { instanceStatus } from "../domain/status";
import type { WatchedSaga } from "./definitions";
import type { SearchStore } from "./ports";

export type Search = (query: Record<string, string>) => Promise<SearchAnswer>;

/** `sagas` is asked at each search: the sagas watched change while the observer runs. */
export function searchInstances(deps: {
  sagas: () => readonly WatchedSaga[];
  store: SearchStore;
  now: () => Date;
}): Search {
  return async (query) => {
    const q = SearchQuery.safeParse(query);
    if (!q.success) throw new SagaError("VALIDATION_FAILED", "invalid query", { details: fieldErrors(q.error) });
    const watched = new Map(deps.sagas().map((s) => [s.definition.name, s]));
    const hits = await deps.store.search({ text: q.data.q, sagas: [...watched.keys()], limit: q.data.limit });
    const now = deps.now();
    return {
      results: hits.flatMap((h) => {
        const saga = watched.get(h.saga);
        if (!saga) return [];
        return [
          {
            saga: h.saga,
            id: h.id,
            run: h.run,
            status: instanceStatus(h, now, saga.definition.timeoutMs),
            startedAt: h.startedAt.toISOString(),
            matchedOn: h.matchedOn,
          },
        ];
      }),
    };
  };
}
