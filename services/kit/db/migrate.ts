// Applies a database's migrations once each, in one defined order, recorded with a checksum in
// _saga_migrations:
//   1. the service's own, prisma/<service>/migrations/*/migration.sql in name order, recorded by
//      folder name (0001_init);
//   2. then the kit's (inbox, outbox, parked records), prisma/kit/migrations/*, one source for
//      every service's database, recorded apart as kit/<folder> (kit/0001_kit_tables).
// The service's own come first: the four services' applied first migrations create the kit's
// tables with a plain CREATE TABLE (their checksums are recorded, so they stay as they are),
// which would fail on a table the kit had made; the kit's first migration is a no-op where they
// exist. A service's migration therefore never touches a kit table, nor a kit migration a
// service's (prisma/kit/README.md). (`prisma migrate deploy` cannot run here: it needs a native
// engine or fails on PostgreSQL through the wasm one, prisma/orm#27403.)
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

export type MigrationResult = { applied: string[]; skipped: string[] };
export type Migration = { name: string; sql: string; checksum: string };

const LOCK_ID = 727_274_001;
/** How the kit's migrations are named in _saga_migrations: no service folder can hold a "/". */
export const KIT_PREFIX = "kit/";

export function migrationsDir(service: string, root = process.cwd()): string {
  return join(root, "prisma", service, "migrations");
}

export function kitMigrationsDir(root = process.cwd()): string {
  return join(root, "prisma", "kit", "migrations");
}

/** A folder's migrations in name order, each named `prefix` + its folder's name. */
export function readMigrations(dir: string, prefix = ""): Migration[] {
  if (!existsSync(dir)) throw new Error(`no migrations folder at ${dir}`);
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return folders.map((folder) => {
    const sql = readFileSync(join(dir, folder, "migration.sql"), "utf8");
    return { name: prefix + folder, sql, checksum: createHash("sha256").update(sql).digest("hex") };
  });
}

/**
 * Those of `migrations` (kept in their order) not yet recorded in `done` (name -> checksum).
 * Throws, before anything is applied, on one whose file changed after it was applied.
 */
export function pendingMigrations(
  migrations: Migration[],
  done: ReadonlyMap<string, string>,
): { pending: Migration[]; skipped: string[] } {
  const pending: Migration[] = [];
  const skipped: string[] = [];
  for (const m of migrations) {
    const seen = done.get(m.name);
    if (seen === undefined) pending.push(m);
    else if (seen === m.checksum) skipped.push(m.name);
    else throw new Error(`migration ${m.name} was changed after it was applied (checksum mismatch)`);
  }
  return { pending, skipped };
}

export type MigrateOptions = {
  /**
   * The kit's migrations folder, applied after the service's own (default kitMigrationsDir());
   * null for a database that holds none of the kit's tables (the observer's).
   */
  kit?: string | null;
};

/** Migrates a database: the migrations of `dir` (a service's own), then the kit's. */
export async function migrate(databaseUrl: string, dir: string, opts: MigrateOptions = {}): Promise<MigrationResult> {
  const kit = opts.kit === undefined ? kitMigrationsDir() : opts.kit;
  const migrations = [...readMigrations(dir), ...(kit === null ? [] : readMigrations(kit, KIT_PREFIX))];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const result: MigrationResult = { applied: [], skipped: [] };
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS _saga_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map(
      (await client.query<{ name: string; checksum: string }>("SELECT name, checksum FROM _saga_migrations")).rows.map(
        (r) => [r.name, r.checksum],
      ),
    );
    const { pending, skipped } = pendingMigrations(migrations, done);
    result.skipped.push(...skipped);
    for (const m of pending) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO _saga_migrations (name, checksum) VALUES ($1, $2)", [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      result.applied.push(m.name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
  return result;
}
