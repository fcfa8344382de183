// GET /api/search (attach.md, "Finding a business id") for the header's box and /search, through
// react-query: the box and the page share one answer per text, so submitting then listing asks once.
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { SearchAnswer } from "../../../contracts/sagas";
import { ApiError, getJson } from "./api";
import { sagasApi } from "./sagasApi";

export const searchQuery = (q: string) =>
  queryOptions({
    queryKey: ["search", q],
    queryFn: () => getJson<SearchAnswer>(`/api/search?${new URLSearchParams({ q, limit: "20" }).toString()}`),
    staleTime: 5_000,
    // A refused text (400) is refused again.
    retry: (n, e) => !(e instanceof ApiError && e.status === 400) && n < 2,
  });

/** The sagas' list, as useSagas reads it: which of them are built in. */
export const sagasQuery = queryOptions({ queryKey: ["sagas"], queryFn: sagasApi.list, staleTime: 60_000 });

export const useSearch = (q: string | null) => useQuery({ ...searchQuery(q ?? ""), enabled: q !== null });

export const useBuiltInSagas = () => {
  const sagas = useQuery(sagasQuery);
  return new Set((sagas.data ?? []).filter((s) => s.builtIn).map((s) => s.name));
};
