// What of a record a search by value finds (attach.md, "Finding a business id"): its header values
// and the leaves of its JSON value, as text, kept beside it in one indexed column. Pure.
//
// Each term says where it came from ("h:" a header, "v:" a JSON leaf), so one GIN index answers
// both and a hit says which it was. Strings and numbers are leaves (a number as its JSON text:
// 42, 1.5); true, false and null name no business, and an empty string is not searchable.
import { storableText } from "../../../contracts";
import { SEARCH_LIMITS } from "../../../contracts/sagas";

export const SEARCH_TERM_LIMITS = {
  /** A query is at most this long, so a longer text can never equal one: leaving it out loses nothing. */
  chars: SEARCH_LIMITS.queryChars,
  /** Distinct leaves kept per record, the first in the value's order; headers are already at most 64 (record.ts). */
  valueTerms: 64,
} as const;

export const headerTerm = (text: string): string => `h:${text}`;
export const valueTerm = (text: string): string => `v:${text}`;

const searchable = (t: string) => t.length > 0 && t.length <= SEARCH_TERM_LIMITS.chars && storableText(t);

/** The leaves of a JSON value as text, depth first in the value's order, each once, at most `max`. */
export function jsonLeaves(value: unknown, max: number = SEARCH_TERM_LIMITS.valueTerms): string[] {
  const out = new Set<string>();
  const stack: unknown[] = [value];
  while (stack.length > 0 && out.size < max) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (searchable(v)) out.add(v);
    } else if (typeof v === "number") {
      if (Number.isFinite(v)) out.add(JSON.stringify(v));
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else if (v !== null && typeof v === "object") {
      const children = Object.values(v);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
  return [...out];
}

/** A stored record's search terms: its header values, then its value's leaves. */
export function searchTerms(record: { headers: Readonly<Record<string, string>>; value: unknown }): string[] {
  const headers = new Set(Object.values(record.headers).filter(searchable));
  return [...[...headers].map(headerTerm), ...jsonLeaves(record.value).map(valueTerm)];
}
