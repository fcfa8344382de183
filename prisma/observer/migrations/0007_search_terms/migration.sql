-- attach.md, "Finding a business id": GET /search finds instances by id, id prefix, or a header
-- or JSON leaf value of one of their records, across sagas, within 100 ms with a million records.
--
-- Each record keeps its search terms (services/observer/domain/search-terms.ts, written by the
-- store's insert): "h:" + each header value, "v:" + each string or number leaf of its value
-- (a number as its JSON text), terms over 200 characters left out (no query is longer), at most
-- 64 distinct leaves per record. One GIN index serves both kinds; the prefix says which matched.
-- The default makes the new column a catalogue change, not a rewrite.
ALTER TABLE saga_records ADD COLUMN search_terms text[] NOT NULL DEFAULT '{}';

-- Records stored before: the same terms, worked out in SQL, in one set-based UPDATE before the
-- index exists (filling an index row by row costs more than building it once). It rewrites every
-- record once (the table's size again in WAL and dead rows until vacuumed): with the two indexes,
-- 67-119 s per million records on this project's two shared cores (bench:search, 2026-12-08),
-- taken at the observer's start while it holds the migration lock (a second observer waits, no
-- record is read meanwhile). Above 64 leaves the record's first ones are kept in jsonb's key
-- order (shorter keys first), where the insert keeps the value's own order; a number stored as
-- 1.50 is found as 1.50 here, as 1.5 by the insert.
CREATE FUNCTION pg_temp.search_terms(headers jsonb, value jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(t ORDER BY part, n), '{}') FROM (
    SELECT 'h:' || h.v AS t, 0 AS part, min(h.n) AS n
      FROM jsonb_each_text(headers) WITH ORDINALITY AS h(k, v, n)
     WHERE char_length(h.v) BETWEEN 1 AND 200
     GROUP BY h.v
    UNION ALL
    (SELECT 'v:' || (l.v #>> '{}'), 1, min(l.n)
       FROM jsonb_path_query(value, 'strict $.**') WITH ORDINALITY AS l(v, n)
      WHERE jsonb_typeof(l.v) IN ('string', 'number') AND char_length(l.v #>> '{}') BETWEEN 1 AND 200
      GROUP BY l.v #>> '{}'
      ORDER BY min(l.n)
      LIMIT 64)
  ) terms
$$;
UPDATE saga_records SET search_terms = pg_temp.search_terms(headers, value);

CREATE INDEX saga_records_search ON saga_records USING gin (search_terms);

-- An id's prefix (LIKE 'abc%', any collation) per saga; the newest-first index (0001) serves a
-- prefix so common that walking the newest instances finds enough sooner.
CREATE INDEX saga_instances_id_prefix ON saga_instances (saga, id text_pattern_ops);
