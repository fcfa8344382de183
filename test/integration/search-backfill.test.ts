// Migration 0007 on a real PostgreSQL: records stored before it get, from its set-based UPDATE,
// the search terms the store's insert gives new ones (domain/search-terms.ts), and the searches'
// conditions are answered through the new indexes.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, it } from "node:test";
import { Client } from "pg";
import { ensureDatabase } from "../../server/embedded/postgres";
import { migrate, migrationsDir } from "../../services/kit/db/migrate";
import { searchTerms } from "../../services/observer/domain/search-terms";

const SEARCH_MIGRATION = "0007_search_terms";
const url = Object.assign(new URL(process.env.TEST_DATABASE_URL ?? ""), {
  pathname: `/s${randomUUID().replaceAll("-", "").slice(0, 10)}_backfill`,
}).toString();
const db = new Client({ connectionString: url });
after(() => db.end());

const records: { headers: Record<string, string>; value: unknown }[] = [
  { headers: { "x-order": "o-1", "x-trace": "00-abc" }, value: { orderId: "o-1", lines: [{ sku: "p-1", qty: 2 }] } },
  { headers: {}, value: { a: { b: { c: ["deep", 7, 1.5, -3, true, false, null, ""] } } } },
  { headers: { same: "v", again: "v" }, value: ["v", "v", { v: "v" }] },
  { headers: { long: "h".repeat(201) }, value: { long: "x".repeat(201), edge: "y".repeat(200) } },
  { headers: {}, value: "plain text, not JSON" },
  { headers: {}, value: null },
  { headers: { "x-only": "header" }, value: 42 },
];

it("fills the terms of records stored before it as the insert does, and indexes them", async () => {
  await ensureDatabase(url);
  const before = mkdtempSync(join(tmpdir(), "observer-migrations-"));
  for (const m of readdirSync(migrationsDir("observer")).filter((m) => m < SEARCH_MIGRATION))
    cpSync(join(migrationsDir("observer"), m), join(before, m), { recursive: true });
  await migrate(url, before, { kit: null });
  await db.connect();
  await db.query(
    `INSERT INTO saga_records (saga, topic, "partition", "offset", instance_id, at, value, truncated, size, headers)
     SELECT 's', 't', 0, n - 1, 'i' || n, now(), v, false, 1, h
       FROM unnest($1::jsonb[], $2::jsonb[]) WITH ORDINALITY AS r(v, h, n)`,
    [records.map((r) => JSON.stringify(r.value)), records.map((r) => JSON.stringify(r.headers))],
  );
  const applied = await migrate(url, migrationsDir("observer"), { kit: null });
  assert.deepEqual(applied.applied, [SEARCH_MIGRATION]);

  const { rows } = await db.query<{ headers: Record<string, string>; value: unknown; search_terms: string[] }>(
    `SELECT headers, value, search_terms FROM saga_records ORDER BY "offset"`,
  );
  assert.equal(rows.length, records.length);
  for (const r of rows)
    assert.deepEqual([...r.search_terms].sort(), searchTerms(r).sort(), JSON.stringify(r.value).slice(0, 80));
  assert.deepEqual(rows[0]!.search_terms.slice(0, 2), ["h:o-1", "h:00-abc"], "headers first");

  await db.query("SET enable_seqscan = off");
  const plan = async (sql: string) =>
    (await db.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`)).rows.map((r) => r["QUERY PLAN"]).join("\n");
  assert.match(await plan(`SELECT * FROM saga_records WHERE search_terms && ARRAY['v:o-1']`), /saga_records_search/);
  assert.match(
    await plan(`SELECT * FROM saga_instances WHERE saga = 's' AND id LIKE 'o-1%'`),
    /saga_instances_id_prefix/,
  );
});
