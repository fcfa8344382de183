// The kit's tables (inbox, outbox, parked records) from one migration source, prisma/kit/migrations,
// applied by services/kit/db/migrate.ts to every service's database after the service's own, on
// the real PostgreSQL that scripts/with-infra.ts provides: a fresh database gets them, a database
// migrated before the kit had its own source is left as it was and records the kit's migration,
// a second kit migration reaches each of the four databases once, and the Prisma models of the
// kit's tables say what the kit's SQL makes.
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { SERVICES, type ServiceName } from "../../contracts";
import { dropDatabase, ensureDatabase } from "../../server/embedded/postgres";
import { KIT_PREFIX, kitMigrationsDir, migrate, migrationsDir, readMigrations } from "../../services/kit/db/migrate";

const run = randomUUID().replaceAll("-", "").slice(0, 8);
const created: string[] = [];
const tmp = mkdtempSync(join(tmpdir(), "kit-migrations-"));

async function newDatabase(name: string): Promise<string> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("TEST_DATABASE_URL is not set: run integration tests through scripts/with-infra.ts");
  const url = Object.assign(new URL(base), { pathname: `/km_${run}_${name}` }).toString();
  await ensureDatabase(url);
  created.push(url);
  return url;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const rows = <R extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []) =>
  withClient(url, async (c) => (await c.query<R>(sql, values)).rows);

/** Everything a migration decides about a table: its columns, indexes and constraints. */
type TableShape = { columns: string[]; indexes: string[]; constraints: string[] };
type Shape = { tables: Record<string, TableShape>; types: string[] };

async function shapeOf(url: string): Promise<Shape> {
  return withClient(url, async (c) => {
    const tables: Record<string, TableShape> = {};
    const table = (name: string) => (tables[name] ??= { columns: [], indexes: [], constraints: [] });
    const columns = await c.query<Record<string, string | null>>(
      `SELECT table_name, column_name, ordinal_position, data_type, udt_name, is_nullable, column_default, datetime_precision
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_saga_migrations' ORDER BY table_name, ordinal_position`,
    );
    for (const r of columns.rows) {
      table(r.table_name!).columns.push(
        `${r.ordinal_position} ${r.column_name} ${r.data_type}/${r.udt_name}(${r.datetime_precision ?? ""}) null=${r.is_nullable} default=${r.column_default}`,
      );
    }
    const indexes = await c.query<{ tablename: string; indexdef: string }>(
      `SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_saga_migrations' ORDER BY indexdef`,
    );
    for (const r of indexes.rows) table(r.tablename).indexes.push(r.indexdef);
    const constraints = await c.query<{ tablename: string; def: string }>(
      `SELECT cl.relname AS tablename, co.conname || ' ' || pg_get_constraintdef(co.oid) AS def
       FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
       WHERE n.nspname = 'public' AND cl.relname <> '_saga_migrations' ORDER BY def`,
    );
    for (const r of constraints.rows) table(r.tablename).constraints.push(r.def);
    const types = await c.query<{ t: string }>(
      `SELECT t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS t
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY t.typname`,
    );
    return { tables, types: types.rows.map((r) => r.t) };
  });
}

const only = (shape: Shape, names: Iterable<string>): Record<string, TableShape> =>
  Object.fromEntries([...names].map((n) => [n, shape.tables[n]!]).filter(([, t]) => t !== undefined));

const recorded = (url: string) =>
  rows<{ name: string; checksum: string }>(url, "SELECT name, checksum FROM _saga_migrations ORDER BY name").then(
    (r) => new Map(r.map((x) => [x.name, x.checksum])),
  );

/**
 * The runner as it was before the kit had a source of its own (services/kit/db/migrate.ts at
 * 648a596): the service's folder alone, in name order, each recorded by folder name and sha256.
 */
async function migrateTheOldWay(url: string, dir: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`CREATE TABLE IF NOT EXISTS _saga_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    for (const name of readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()) {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      await c.query("BEGIN");
      await c.query(sql);
      await c.query("INSERT INTO _saga_migrations (name, checksum) VALUES ($1, $2)", [
        name,
        createHash("sha256").update(sql).digest("hex"),
      ]);
      await c.query("COMMIT");
    }
  });
}

/** The columns of the models a Prisma schema maps to `tables`, as information_schema names their types. */
function prismaColumns(schema: string, tables: Set<string>): Record<string, string[]> {
  const scalar = (type: string, attrs: string): string | null => {
    const precision = /@db\.Timestamptz\((\d+)\)/.exec(attrs)?.[1] ?? "3";
    const types: Record<string, string> = {
      String: "text",
      Int: "integer",
      BigInt: "bigint",
      Boolean: "boolean",
      Json: "jsonb",
      Bytes: "bytea",
      DateTime: /@db\.Timestamptz/.test(attrs)
        ? `timestamp with time zone(${precision})`
        : `timestamp without time zone(${precision})`,
    };
    return types[type] ?? null;
  };
  const out: Record<string, string[]> = {};
  for (const [, body] of schema.matchAll(/^model\s+\w+\s*\{([\s\S]*?)^\}/gm)) {
    const table = /@@map\("([^"]+)"\)/.exec(body!)?.[1];
    if (!table || !tables.has(table)) continue;
    out[table] = body!
      .split("\n")
      .map((l) => l.replace(/\/\/.*$/, "").trim())
      .flatMap((l) => {
        const f = /^(\w+)\s+(\w+)(\?)?\s*(.*)$/.exec(l);
        const type = f && scalar(f[2]!, f[4]!);
        return f && type ? [`${/@map\("([^"]+)"\)/.exec(f[4]!)?.[1] ?? f[1]} ${type} null=${f[3] ? "YES" : "NO"}`] : [];
      })
      .sort();
  }
  return out;
}

const kitNames = readMigrations(kitMigrationsDir()).map((m) => KIT_PREFIX + m.name);
const serviceNames = (s: string) => readMigrations(migrationsDir(s)).map((m) => m.name);

// What the kit's SQL alone makes, in a database whose own migrations name none of its tables
// (as a new service's would): the reference every service's database is held to.
let kitShape: Record<string, TableShape>;
let kitTables: Set<string>;
const fresh = new Map<ServiceName, { url: string; shape: Shape }>();
const old = new Map<ServiceName, string>();

before(async () => {
  const dir = join(tmp, "new-service");
  mkdirSync(join(dir, "0001_init"), { recursive: true });
  writeFileSync(
    join(dir, "0001_init", "migration.sql"),
    `CREATE TABLE "widgets" ("id" TEXT NOT NULL, CONSTRAINT "widgets_pkey" PRIMARY KEY ("id"));\n`,
  );
  const url = await newDatabase("new_service");
  const r = await migrate(url, dir);
  assert.deepEqual(r, { applied: ["0001_init", ...kitNames], skipped: [] });
  const shape = await shapeOf(url);
  kitTables = new Set(Object.keys(shape.tables).filter((t) => t !== "widgets"));
  kitShape = only(shape, kitTables);
});

after(async () => {
  for (const url of created) await dropDatabase(url);
  rmSync(tmp, { recursive: true, force: true });
});

describe("a fresh database", () => {
  it("gets the kit's tables from the kit's source, beside a new service's own that names none of them", () => {
    assert.deepEqual([...kitTables].sort(), ["outbox", "parked_events", "processed_events"]);
    assert.match(
      kitShape.outbox!.indexes.join("\n"),
      /UNIQUE INDEX outbox_event_id_key ON public.outbox USING btree \(event_id\)/,
    );
  });

  it("of each service gets its own migrations, then the kit's, and the kit's tables as the kit's SQL makes them", async () => {
    for (const s of SERVICES) {
      const url = await newDatabase(`fresh_${s}`);
      const r = await migrate(url, migrationsDir(s));
      assert.deepEqual(r, { applied: [...serviceNames(s), ...kitNames], skipped: [] }, s);
      const shape = await shapeOf(url);
      assert.deepEqual(only(shape, kitTables), kitShape, `${s}: the kit's tables`);
      // The service's own tables: every one its Prisma schema maps.
      const mapped = [...readFileSync(`prisma/${s}/schema.prisma`, "utf8").matchAll(/@@map\("([^"]+)"\)/g)].map(
        (m) => m[1]!,
      );
      for (const t of mapped) assert.ok(shape.tables[t], `${s}: table ${t}`);
      assert.equal((await recorded(url)).get(kitNames[0]!), readMigrations(kitMigrationsDir())[0]!.checksum);
      fresh.set(s, { url, shape });
    }
  });

  it("of the observer, migrated without the kit, has none of the kit's tables", async () => {
    const url = await newDatabase("observer");
    const r = await migrate(url, migrationsDir("observer"), { kit: null });
    assert.deepEqual(r, { applied: serviceNames("observer"), skipped: [] });
    assert.deepEqual(Object.keys(only(await shapeOf(url), kitTables)), []);
  });

  it("each service's Prisma models of the kit's tables have the columns the kit's SQL makes", () => {
    const sql = Object.fromEntries(
      Object.entries(kitShape).map(([t, shape]) => [
        t,
        shape.columns
          .map((c) => /^\d+ (\w+) ([^/]+)\/\w+\((\d*)\) null=(\w+)/.exec(c)!)
          .map(
            ([, name, type, precision, nullable]) =>
              `${name} ${type}${precision && type!.startsWith("timestamp") ? `(${precision})` : ""} null=${nullable}`,
          )
          .sort(),
      ]),
    );
    for (const s of SERVICES) {
      const models = prismaColumns(readFileSync(`prisma/${s}/schema.prisma`, "utf8"), kitTables);
      assert.ok(models.outbox && models.processed_events, `${s}: the outbox and inbox models`);
      for (const [table, columns] of Object.entries(models))
        assert.deepEqual(columns, sql[table], `${s}: model of ${table}`);
    }
  });
});

describe("a database migrated before the kit had its own source", () => {
  it("is left as it was, gains only the kit tables it lacked, and records the kit's migration", async () => {
    for (const s of SERVICES) {
      const url = await newDatabase(`old_${s}`);
      await migrateTheOldWay(url, migrationsDir(s));
      await rows(url, `INSERT INTO outbox (event_id, topic, key, value) VALUES ('e-1', 'order-create', 'o-1', '{}')`);
      await rows(url, `INSERT INTO processed_events (event_id, topic) VALUES ('e-0', 'order-create')`);
      const before = await shapeOf(url);
      const recordedBefore = await recorded(url);
      assert.deepEqual([...recordedBefore.keys()], serviceNames(s).sort());

      const r = await migrate(url, migrationsDir(s));
      assert.deepEqual(r, { applied: kitNames, skipped: serviceNames(s) }, s);

      const afterwards = await shapeOf(url);
      assert.deepEqual(
        only(afterwards, Object.keys(before.tables)),
        before.tables,
        `${s}: every table it had is as it was`,
      );
      assert.deepEqual(afterwards.types, before.types);
      const gained = Object.keys(afterwards.tables)
        .filter((t) => !before.tables[t])
        .sort();
      assert.deepEqual(gained, [...kitTables].filter((t) => !before.tables[t]).sort(), `${s}: gained`);
      assert.deepEqual(gained, s === "order" ? [] : ["parked_events"], `${s}: gained`); // the order service's 0006 made it
      assert.deepEqual(afterwards, fresh.get(s)!.shape, `${s}: the same as a fresh database`);

      assert.deepEqual(await rows(url, "SELECT event_id FROM outbox"), [{ event_id: "e-1" }]);
      assert.deepEqual(await rows(url, "SELECT event_id FROM processed_events"), [{ event_id: "e-0" }]);
      const recordedAfter = await recorded(url);
      for (const [name, checksum] of recordedBefore) assert.equal(recordedAfter.get(name), checksum, name);
      assert.deepEqual(
        [...recordedAfter.keys()].filter((n) => !recordedBefore.has(n)),
        kitNames,
      );

      assert.deepEqual(
        await migrate(url, migrationsDir(s)),
        { applied: [], skipped: [...serviceNames(s), ...kitNames] },
        `${s}: again`,
      );
      old.set(s, url);
    }
  });
});

describe("a second kit migration", () => {
  it("is applied once to each of the four services' databases, fresh or migrated before, however many start at once", async () => {
    const kit = join(tmp, "kit");
    cpSync(kitMigrationsDir(), kit, { recursive: true });
    mkdirSync(join(kit, "0002_test_only"));
    // Neither statement can run twice: a second application would fail.
    writeFileSync(
      join(kit, "0002_test_only", "migration.sql"),
      `ALTER TABLE "processed_events" ADD COLUMN "note" TEXT;\nCREATE TABLE "kit_second" ("at" TIMESTAMPTZ NOT NULL DEFAULT now());\nINSERT INTO "kit_second" DEFAULT VALUES;\n`,
    );
    const databases = SERVICES.flatMap((s) => [
      { s, url: fresh.get(s)!.url },
      { s, url: old.get(s)! },
    ]);
    assert.equal(databases.length, 8);
    await Promise.all(
      databases.map(async ({ s, url }) => {
        // Two processes of the service starting together: the advisory lock lets one apply it.
        const both = await Promise.all([
          migrate(url, migrationsDir(s), { kit }),
          migrate(url, migrationsDir(s), { kit }),
        ]);
        assert.deepEqual(both.map((r) => r.applied).sort(), [[], ["kit/0002_test_only"]], s);
        // The other waited for the lock, then found it recorded.
        assert.ok(
          both.some((r) => r.applied.length === 0 && r.skipped.includes("kit/0002_test_only")),
          s,
        );
        assert.deepEqual(
          await migrate(url, migrationsDir(s), { kit }),
          { applied: [], skipped: [...serviceNames(s), ...kitNames, "kit/0002_test_only"] },
          s,
        );
        assert.deepEqual(await rows(url, `SELECT count(*)::int AS n FROM "kit_second"`), [{ n: 1 }], s);
        assert.deepEqual(
          await rows(
            url,
            `SELECT column_name FROM information_schema.columns WHERE table_name = 'processed_events' AND column_name = 'note'`,
          ),
          [{ column_name: "note" }],
        );
        assert.equal((await recorded(url)).has("kit/0002_test_only"), true);
      }),
    );
  });
});
