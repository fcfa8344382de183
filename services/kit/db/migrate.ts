// Applies prisma/<service>/migrations/*/migration.sql in name order, once each, recorded with a
// checksum in _saga_migrations. (`prisma migrate deploy` cannot run here: it needs a native
// engine or fails on PostgreSQL through the wasm one, prisma/orm#27403.)
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

export type MigrationResult = { applied: string[]; skipped: string[] };

const LOCK_ID = 727_274_001;

export function migrationsDir(service: string, root = process.cwd()): string {
  return join(root, "prisma", service, "migrations");
}

export async function migrate(databaseUrl: string, dir: string): Promise<MigrationResult> {
  if (!existsSync(dir)) throw new Error(`no migrations folder at ${dir}`);
  const names = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const result: MigrationResult = { applied: [], skipped: [] };
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS _saga_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map(
      (await client.query<{ name: string; checksum: string }>("SELECT name, checksum FROM _saga_migrations")).rows.map((r) => [r.name, r.checksum]),
    );
    for (const name of names) {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const seen = done.get(name);
      if (seen) {
        if (seen !== checksum) throw new Error(`migration ${name} was changed after it was applied (checksum mismatch)`);
        result.skipped.push(name);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query("INSERT INTO _saga_migrations (name, checksum) VALUES ($1, $2)", [name, checksum]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed: ${(err as Error).message}`, { cause: err });
      }
      result.applied.push(name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
  return result;
}
