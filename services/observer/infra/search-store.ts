// Search over the observer's database (attach.md, "Finding a business id"; migration 0007): an
// id or id prefix per saga through saga_instances, a header or JSON leaf value through
// saga_records.search_terms (GIN). The text is always a bound value, a prefix's %, _ and \ are
// escaped: nothing in it is a pattern.
import type { SagaEnding } from "../../../contracts/sagas";
import type { Database, Sql } from "../../kit/db/sql";
import type { SearchHit, SearchStore } from "../application/ports";
import { bestHits } from "../domain/search-hits";
import { headerTerm, valueTerm } from "../domain/search-terms";

/**
 * How many matches are read in full before a text counts as common: an id prefix per saga, a
 * value over all sagas. Below it every match is read and the newest kept (exact). Above it a
 * common text (a status, a customer with thousands of records) answers in bounded time from each
 * saga's newest `window` instances (a prefix also keeps the first matches it read, in id order).
 */
export const COMMON = { prefixPerSaga: 1000, valueRecords: 5000, window: 10_000 } as const;

/** `abc` → `abc%` with LIKE's own characters taken literally (backslash is LIKE's escape). */
export const likePrefix = (text: string): string => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type InstanceRow = { saga: string; id: string; run: number; started_at: Date; ending: SagaEnding | null };
type Found = InstanceRow & { header?: boolean };

const hit = (r: Found, matchedOn: SearchHit["matchedOn"]): SearchHit => ({
  saga: r.saga,
  id: r.id,
  run: r.run,
  startedAt: r.started_at,
  ending: r.ending,
  matchedOn,
});

// Per saga, the first matches in id order (the prefix index, read no further than the cap), how
// many there were, and the newest `limit` of them.
const BY_ID = `
  SELECT s.saga, f.n, i.id, i.run, i.started_at, i.ending
    FROM unnest($1::text[]) AS s(saga)
    CROSS JOIN LATERAL (
      SELECT count(*) AS n FROM (
        SELECT 1 FROM saga_instances WHERE saga = s.saga AND id LIKE $2 ORDER BY id USING ~<~ LIMIT $4) x) f
    LEFT JOIN LATERAL (
      SELECT * FROM (
        SELECT id, run, started_at, ending FROM saga_instances
         WHERE saga = s.saga AND id LIKE $2 ORDER BY id USING ~<~ LIMIT $4) y
       ORDER BY started_at DESC LIMIT $3) i ON true`;

// Per saga, the matches among its newest $4 instances (the newest-first index).
const ID_IN_WINDOW = `
  SELECT s.saga, i.id, i.run, i.started_at, i.ending
    FROM unnest($1::text[]) AS s(saga)
    CROSS JOIN LATERAL (
      SELECT * FROM (
        SELECT id, run, started_at, ending FROM saga_instances WHERE saga = s.saga ORDER BY started_at DESC LIMIT $4) w
       WHERE id LIKE $2 ORDER BY started_at DESC LIMIT $3) i`;

const BY_TERM = `
  SELECT saga, instance_id AS id, run, search_terms @> $3::text[] AS header
    FROM saga_records WHERE saga = ANY($1::text[]) AND search_terms && $2::text[]
   LIMIT $4`;

const INSTANCES = `
  SELECT i.saga, i.id, i.run, i.started_at, i.ending
    FROM unnest($1::text[], $2::text[], $3::int[]) AS k(saga, id, run)
    JOIN saga_instances i ON i.saga = k.saga AND i.id = k.id AND i.run = k.run
   ORDER BY i.started_at DESC LIMIT $4`;

// A common value: each saga's newest $5 instances, each asked through its records' index (the
// column is wrapped so that the GIN index, which would read every match first, is not used).
const TERM_IN_WINDOW = `
  SELECT s.saga, i.id, i.run, i.started_at, i.ending,
         EXISTS (SELECT 1 FROM saga_records r WHERE r.saga = s.saga AND r.instance_id = i.id AND r.run = i.run
                    AND (r.search_terms || '{}'::text[]) @> $3::text[]) AS header
    FROM unnest($1::text[]) AS s(saga)
    CROSS JOIN LATERAL (
      SELECT * FROM (
        SELECT id, run, started_at, ending FROM saga_instances WHERE saga = s.saga ORDER BY started_at DESC LIMIT $5) w
       WHERE EXISTS (
               SELECT 1 FROM saga_records r WHERE r.saga = s.saga AND r.instance_id = w.id AND r.run = w.run
                  AND (r.search_terms || '{}'::text[]) && $2::text[])
       ORDER BY started_at DESC LIMIT $4) i`;

async function byId(tx: Sql, text: string, sagas: readonly string[], limit: number): Promise<SearchHit[]> {
  const pattern = likePrefix(text);
  const { rows } = await tx.query<InstanceRow & { n: string; id: string | null }>(BY_ID, [
    sagas,
    pattern,
    limit,
    COMMON.prefixPerSaga + 1,
  ]);
  const found = rows.filter((r) => r.id !== null).map((r) => hit(r, "id"));
  const common = [...new Set(rows.filter((r) => Number(r.n) > COMMON.prefixPerSaga).map((r) => r.saga))];
  if (common.length === 0) return found;
  const recent = await tx.query<InstanceRow>(ID_IN_WINDOW, [common, pattern, limit, COMMON.window]);
  return [...found, ...recent.rows.map((r) => hit(r, "id"))];
}

async function byTerm(tx: Sql, text: string, sagas: readonly string[], limit: number): Promise<SearchHit[]> {
  const header = [headerTerm(text)];
  const terms = [...header, valueTerm(text)];
  const matches = await tx.query<{ saga: string; id: string; run: number; header: boolean }>(BY_TERM, [
    sagas,
    terms,
    header,
    COMMON.valueRecords + 1,
  ]);
  if (matches.rows.length > COMMON.valueRecords) {
    const { rows } = await tx.query<Found>(TERM_IN_WINDOW, [sagas, terms, header, limit, COMMON.window]);
    return rows.map((r) => hit(r, r.header ? "header" : "value"));
  }
  const inHeader = new Map<string, boolean>();
  for (const r of matches.rows) {
    const key = JSON.stringify([r.saga, r.id, r.run]);
    inHeader.set(key, (inHeader.get(key) ?? false) || r.header);
  }
  const keys = [...inHeader.keys()].map((k) => JSON.parse(k) as [string, string, number]);
  if (keys.length === 0) return [];
  const { rows } = await tx.query<InstanceRow>(INSTANCES, [
    keys.map((k) => k[0]),
    keys.map((k) => k[1]),
    keys.map((k) => k[2]),
    limit,
  ]);
  return rows.map((r) => hit(r, inHeader.get(JSON.stringify([r.saga, r.id, r.run])) ? "header" : "value"));
}

export function sqlSearchStore(db: Database): SearchStore {
  return {
    async search({ text, sagas, limit }) {
      if (sagas.length === 0) return [];
      return db.transaction(async (tx) => {
        // The kit prepares statements by name; a generic plan cannot see the prefix (nor how common
        // a value is), so each search is planned for its own text.
        await tx.query("SET LOCAL plan_cache_mode = force_custom_plan");
        const ids = await byId(tx, text, sagas, limit);
        const terms = await byTerm(tx, text, sagas, limit);
        return bestHits([ids, terms], limit);
      });
    },
  };
}
