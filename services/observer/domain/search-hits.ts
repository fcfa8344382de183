// The answer of a search from what each way of finding gave (attach.md, "Finding a business id"):
// each instance once, by its best match (id, then header, then value), newest first. Pure.
import type { SearchResult } from "../../../contracts/sagas";

type Match = SearchResult["matchedOn"];
const RANK: Record<Match, number> = { id: 0, header: 1, value: 2 };

export type Hit = { saga: string; id: string; run: number; startedAt: Date; matchedOn: Match };

/** Newest first; the same time by saga, id, then the later run first, so an answer reads the same twice. */
export function newestFirst(a: Hit, b: Hit): number {
  return (
    b.startedAt.getTime() - a.startedAt.getTime() ||
    (a.saga < b.saga ? -1 : a.saga > b.saga ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
    b.run - a.run
  );
}

/**
 * At most `limit` instances, newest first, each with its best match. Exact when each list holds
 * at least its own newest `limit` matches: an instance among the answer's is among those of every
 * list that found it.
 */
export function bestHits<H extends Hit>(lists: readonly (readonly H[])[], limit: number): H[] {
  const best = new Map<string, H>();
  for (const hit of lists.flat()) {
    const key = JSON.stringify([hit.saga, hit.id, hit.run]);
    const seen = best.get(key);
    if (!seen || RANK[hit.matchedOn] < RANK[seen.matchedOn]) best.set(key, hit);
  }
  return [...best.values()].sort(newestFirst).slice(0, limit);
}
