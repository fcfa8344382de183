// npm run bench:search: GET /search (attach.md, "Finding a business id") over a million stored
// records. The records are made set-based in SQL as an observer stored them before migration
// 0007 (bench/search/data.ts), the migration is applied and timed (its backfill and indexes),
// more records are written through the store's own insert (their terms in the GIN index's
// pending list, as at run time), and the observer's search route, served as the observer serves
// it, is asked one query after another: ids, id prefixes, header values, nested JSON values,
// fresh records, misses, and values held by many records. Settings: --help. docs/performance.md.
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { SagaDefinition, type SearchAnswer } from "../contracts/sagas";
import { migrate, migrationsDir } from "../services/kit/db/migrate";
import { openDatabase } from "../services/kit/db/sql";
import { startHttpServer } from "../services/kit/http/server";
import { createLogger } from "../services/kit/log";
import { searchInstances } from "../services/observer/application/search";
import { searchRoute } from "../services/observer/controller/routes";
import { sqlObserverStore } from "../services/observer/infra/observer-store";
import { sqlSearchStore } from "../services/observer/infra/search-store";
import { benchSagas, fillSaga, idOf } from "./search/data";
import { freshRecords } from "./search/fresh";
import { writeJson } from "./saga/report";
import { latencySummary } from "./saga/stats";

const { values: args } = parseArgs({
  options: {
    records: { type: "string", default: "1000000" },
    "per-instance": { type: "string", default: "4" },
    fresh: { type: "string", default: "20000" },
    queries: { type: "string", default: "200" },
    explain: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (args.help) {
  console.log(
    "npm run bench:search -- [--records 1000000] [--per-instance 4] [--fresh 20000] [--queries 200] [--explain] [--keep]",
  );
  process.exit(0);
}
const records = Number(args.records);
const perInstance = Number(args["per-instance"]);
const fresh = Number(args.fresh);
const queries = Number(args.queries);
const log = (line: string) => process.stdout.write(`[bench:search] ${line}\n`);
const base = process.env.TEST_DATABASE_URL ?? "";
if (!base) throw new Error("TEST_DATABASE_URL is not set: run through npm run bench:search");

const name = `bsearch${randomUUID().slice(0, 8)}_observer`;
const admin = new pg.Pool({ connectionString: base, max: 1 });
admin.on("error", () => undefined);
await admin.query(`CREATE DATABASE ${name}`);
const url = Object.assign(new URL(base), { pathname: `/${name}` }).toString();
const raw = new pg.Pool({ connectionString: url, max: 4 });
raw.on("error", () => undefined);
const db = openDatabase(url, 10);
const seconds = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;

// The schema before search: the migrations before 0007.
const before = mkdtempSync(join(tmpdir(), "bench-search-"));
for (const m of readdirSync(migrationsDir("observer")).filter((m) => m < "0007"))
  cpSync(join(migrationsDir("observer"), m), join(before, m), { recursive: true });
await migrate(url, before, { kit: null });

const sagas = benchSagas(records, perInstance);
let t = performance.now();
await Promise.all(sagas.map((s) => fillSaga(raw, s, perInstance)));
const fillS = seconds(t);
const stored = Number((await raw.query<{ n: string }>("SELECT count(*) AS n FROM saga_records")).rows[0]!.n);
log(`${stored} records of ${sagas.length * sagas[0]!.instances} instances made in ${fillS} s`);

t = performance.now();
await migrate(url, migrationsDir("observer"), { kit: null });
const migrationS = seconds(t);
log(`migration 0007 (terms of every record, GIN index, prefix index) in ${migrationS} s`);
await raw.query("VACUUM ANALYZE saga_records");
await raw.query("VACUUM ANALYZE saga_instances");

const store = sqlObserverStore(db);
const parcels = sagas.find((s) => s.name === "parcels")!;
t = performance.now();
const freshIds = await freshRecords(store, parcels.instances, fresh);
const freshMs = performance.now() - t;
log(`${fresh} more records through the store's insert: ${((freshMs / fresh) * 1000).toFixed(0)} µs each`);

const watched = sagas.map((s) => ({
  definition: SagaDefinition.parse({
    name: s.name,
    correlation: { key: true },
    steps: [{ id: "a", topic: "t", from: "x" }],
  }),
  builtIn: false,
  file: `${s.name}.yaml`,
}));
const search = searchInstances({ sagas: () => watched, store: sqlSearchStore(db), now: () => new Date() });
const http = await startHttpServer({
  host: "127.0.0.1",
  port: 0,
  routes: [searchRoute(search)],
  log: createLogger("bench", "error"),
});
const port = (http.address() as { port: number }).port;

const pick = () => sagas[Math.floor(Math.random() * sagas.length)]!;
const nth = (s: { instances: number }) => 1 + Math.floor(Math.random() * s.instances);
type Kind = { kind: string; query: () => Promise<string> };
const kinds: Kind[] = [
  { kind: "id", query: async () => idOf(raw, pick(), nth(pick())) },
  { kind: "id prefix (all but 2 characters)", query: async () => (await idOf(raw, pick(), nth(pick()))).slice(0, -2) },
  {
    kind: "id prefix of thousands of ids",
    query: async () => ["t-000", "PCL1", "a"][Math.floor(Math.random() * 3)]!,
  },
  { kind: "header value", query: async () => `R-${pick().name}-${nth(parcels)}` },
  { kind: "nested JSON value", query: async () => `EXT-${pick().name}-${nth(parcels)}` },
  {
    kind: "fresh record's value (pending list)",
    query: async () => freshIds[Math.floor(Math.random() * freshIds.length)]!,
  },
  { kind: "nothing found", query: async () => `nope-${randomUUID()}` },
  { kind: "value in ~200 records (a customer)", query: async () => `c-${Math.floor(Math.random() * 5000)}` },
  {
    kind: "value in a third of all records",
    query: async () => ["gold", "silver", "bronze"][Math.floor(Math.random() * 3)]!,
  },
];
const results: { kind: string; p50: number; p95: number; p99: number; max: number; found: number }[] = [];
for (const k of kinds) {
  const ms: number[] = [];
  let found = 0;
  for (let i = 0; i < queries; i++) {
    const q = await k.query();
    const t0 = performance.now();
    const r = await fetch(`http://127.0.0.1:${port}/search?${new URLSearchParams({ q })}`);
    const body = (await r.json()) as SearchAnswer;
    ms.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(`${k.kind} ${q}: ${r.status} ${JSON.stringify(body)}`);
    found += body.results.length;
  }
  results.push({ kind: k.kind, ...latencySummary(ms), found: Math.round((found / queries) * 10) / 10 });
  log(`${k.kind}: p50 ${results.at(-1)!.p50} ms, p95 ${results.at(-1)!.p95} ms`);
  if (args.explain) {
    const q = await k.query();
    const plan = await raw.query(
      `EXPLAIN (ANALYZE, BUFFERS) SELECT saga, instance_id FROM saga_records WHERE search_terms && ARRAY['h:' || $1, 'v:' || $1] LIMIT 5001`,
      [q],
    );
    log(plan.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n"));
  }
}
const sizes = (
  await raw.query<{ name: string; mb: string }>(
    `SELECT c.relname AS name, round(pg_total_relation_size(c.oid) / 1048576.0) AS mb FROM pg_class c
      WHERE c.relname IN ('saga_records', 'saga_records_search', 'saga_instances', 'saga_instances_id_prefix')`,
  )
).rows;

const [load1] = (await import("node:os")).loadavg();
console.log("\nsearch over the observer's store (GET /search, one query at a time)\n");
console.log(
  `${"query".padEnd(40)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)} results`,
);
for (const r of results)
  console.log(
    `${r.kind.padEnd(40)} ${String(r.p50).padStart(8)} ${String(r.p95).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.max).padStart(8)} ${r.found}`,
  );
console.log(
  `\nrecords ${stored + fresh}; made in ${fillS} s; migration 0007 in ${migrationS} s; the store's insert ${((freshMs / fresh) * 1000).toFixed(0)} µs per record; sizes (MB, with indexes): ${sizes.map((s) => `${s.name} ${s.mb}`).join(", ")}`,
);
console.log(
  `machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; load (1 min) at the end ${load1!.toFixed(2)}`,
);
const file = writeJson(join("bench", "results", "search"), {
  date: new Date().toISOString(),
  settings: { records, perInstance, fresh, queries },
  fillSeconds: fillS,
  migrationSeconds: migrationS,
  insertMicrosecondsPerRecord: (freshMs / fresh) * 1000,
  sizesMb: Object.fromEntries(sizes.map((s) => [s.name, Number(s.mb)])),
  results,
});
log(`figures in ${file}`);
http.close();
await db.close();
await raw.end();
if (args.keep) log(`kept: ${url}`);
else await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
await admin.end();
