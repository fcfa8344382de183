// Whether a record is a step (attach.md, "Matching on more than one field"): conditions on a JSON
// path, a header or the decoded key, combined with all/any/not. Pure.
import {
  MATCH_TEXT_LIMIT,
  type MatchCondition,
  type MatchScalar,
  type StepMatch,
} from "../../../contracts/sagas/match";

/** What a match reads of one record. */
export type MatchInput = { json: unknown | undefined; headers: Record<string, string>; key: string | null };

/** Set when a `matches` test read a text longer than MATCH_TEXT_LIMIT (only its start). */
export type MatchTally = { cut: boolean };

/** The value at a dot path (`trip.id`, `items.0.sku`), or undefined. */
export function readPath(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const part of path.split(".")) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** The tested value: a JSON value at the path (undefined: absent), a header's or the key's text. */
function subject(c: MatchCondition, r: MatchInput): unknown {
  if (c.header !== undefined) return Object.hasOwn(r.headers, c.header) ? r.headers[c.header] : undefined;
  if (c.key) return r.key ?? undefined;
  return r.json === undefined ? undefined : readPath(r.json, c.path!);
}

/** Headers and keys are text: `equals: 7` matches the header "7"; `equals: null` matches an absent one. */
function same(c: MatchCondition, v: unknown, want: MatchScalar): boolean {
  if (c.path === undefined) return want === null ? v === undefined : v === String(want);
  return v === want;
}

function textOf(v: unknown): string | null {
  if (v === undefined) return null;
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

const compiled = new Map<string, RegExp>();
function regex(p: string): RegExp {
  let r = compiled.get(p);
  if (!r) {
    r = new RegExp(p, "u");
    if (compiled.size > 1000) compiled.clear();
    compiled.set(p, r);
  }
  return r;
}

function holds(c: MatchCondition, r: MatchInput, tally: MatchTally): boolean {
  const v = subject(c, r);
  if (c.exists !== undefined) return (v !== undefined) === c.exists;
  if (c.in !== undefined) return c.in.some((w) => same(c, v, w));
  if (c.matches !== undefined) {
    const t = textOf(v);
    if (t === null) return false;
    if (t.length > MATCH_TEXT_LIMIT) tally.cut = true;
    return regex(c.matches).test(t.length > MATCH_TEXT_LIMIT ? t.slice(0, MATCH_TEXT_LIMIT) : t);
  }
  return same(c, v, c.equals ?? null);
}

export function matchHolds(m: StepMatch, r: MatchInput, tally: MatchTally = { cut: false }): boolean {
  if ("all" in m) return m.all.every((x) => matchHolds(x, r, tally));
  if ("any" in m) return m.any.some((x) => matchHolds(x, r, tally));
  if ("not" in m) return !matchHolds(m.not, r, tally);
  return holds(m, r, tally);
}
