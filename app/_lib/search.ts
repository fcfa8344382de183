// The header's search box and /search (attach.md, "Finding a business id"): where a result opens
// (an order of the built-in saga on its journey page, an instance of another saga on its own page,
// at its run), the words of a match, and what the box sends.
import { SEARCH_LIMITS, type SearchResult } from "../../contracts/sagas";
import { journeyHref } from "./links";
import { instanceHref } from "./sagaInstances";

export const MATCH_WORD: Record<SearchResult["matchedOn"], string> = {
  id: "id",
  header: "header value",
  value: "value in a record",
};

/** The page listing a query's results. */
export const searchHref = (q: string): string => `/search?${new URLSearchParams({ q }).toString()}`;

/** The page of a result: `builtIn` names the sagas whose instances are orders (GET /api/sagas, `builtIn`). */
export function resultHref(r: Pick<SearchResult, "saga" | "id" | "run">, builtIn: ReadonlySet<string>): string {
  return builtIn.has(r.saga) ? journeyHref(r.id) : instanceHref(r.saga, r.id, r.run);
}

/** What the box sends: the text without the blanks around it (an id pasted with a space), null when nothing is left. */
export function queryText(typed: string): string | null {
  const q = typed.trim();
  return q.length === 0 ? null : q.slice(0, SEARCH_LIMITS.queryChars);
}

/** The API's reasons for refusing a query (400 `fields`), in one sentence. */
export function refusal(body: unknown): string {
  const fields = (body as { fields?: { field: string; message: string }[] } | null)?.fields ?? [];
  return fields.length > 0
    ? fields.map((f) => `${f.field === "q" ? "text" : f.field}: ${f.message}`).join("; ")
    : "the search was refused";
}
