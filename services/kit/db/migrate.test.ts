import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import {
  KIT_PREFIX,
  kitMigrationsDir,
  migrationsDir,
  pendingMigrations,
  readMigrations,
  type Migration,
} from "./migrate";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "migrate-test-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const m = (name: string, sql = `-- ${name}`): Migration => ({
  name,
  sql,
  checksum: createHash("sha256").update(sql).digest("hex"),
});

describe("readMigrations", () => {
  it("reads each folder's migration.sql in name order, named prefix + folder, with its sha256", () => {
    const dir = join(tmp, "read");
    for (const f of ["0002_b", "0001_a"]) {
      mkdirSync(join(dir, f), { recursive: true });
      writeFileSync(join(dir, f, "migration.sql"), `SELECT '${f}';`);
    }
    writeFileSync(join(dir, "README.md"), "not a migration");
    assert.deepEqual(readMigrations(dir, KIT_PREFIX), [
      m("kit/0001_a", "SELECT '0001_a';"),
      m("kit/0002_b", "SELECT '0002_b';"),
    ]);
    assert.deepEqual(
      readMigrations(dir).map((x) => x.name),
      ["0001_a", "0002_b"],
    );
  });

  it("refuses a folder that is not there", () => {
    assert.throws(() => readMigrations(join(tmp, "nowhere")), /no migrations folder at/);
  });
});

describe("pendingMigrations", () => {
  const service = [m("0001_init"), m("0002_more")];
  const kit = [m("kit/0001_kit_tables"), m("kit/0002_next")];

  it("keeps the given order (the service's own, then the kit's) and skips what is recorded", () => {
    const done = new Map([
      ["0001_init", service[0]!.checksum],
      ["kit/0001_kit_tables", kit[0]!.checksum],
    ]);
    const r = pendingMigrations([...service, ...kit], done);
    assert.deepEqual(
      r.pending.map((x) => x.name),
      ["0002_more", "kit/0002_next"],
    );
    assert.deepEqual(r.skipped, ["0001_init", "kit/0001_kit_tables"]);
  });

  it("a kit migration is recorded apart from a service's of the same folder name", () => {
    const r = pendingMigrations(
      [m("0001_init"), m("kit/0001_init")],
      new Map([["0001_init", m("0001_init").checksum]]),
    );
    assert.deepEqual(
      r.pending.map((x) => x.name),
      ["kit/0001_init"],
    );
  });

  it("refuses, before applying anything, a migration changed after it was applied", () => {
    const done = new Map([["kit/0001_kit_tables", "an older checksum"]]);
    assert.throws(
      () => pendingMigrations([...service, ...kit], done),
      /migration kit\/0001_kit_tables was changed after it was applied/,
    );
  });
});

// The tables a migration creates, alters, drops, indexes or references.
const tablesTouched = (sql: string): Set<string> => {
  const text = sql.replace(/--[^\n]*/g, "");
  const names = [
    ...text.matchAll(/\b(?:CREATE|ALTER|DROP)\s+TABLE\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?"?(\w+)"?/gi),
    ...text.matchAll(/\bON\s+"?(\w+)"?\s*\(/gi),
    ...text.matchAll(/\bREFERENCES\s+"?(\w+)"?/gi),
  ].map((x) => x[1]!.toLowerCase());
  return new Set(names);
};

describe("the kit's migrations", () => {
  const kit = readMigrations(kitMigrationsDir(root), KIT_PREFIX);
  const kitTables = new Set(kit.flatMap((x) => [...tablesTouched(x.sql)]));

  it("own the inbox, the outbox and the parked records", () => {
    assert.deepEqual([...kitTables].sort(), ["outbox", "parked_events", "processed_events"]);
  });

  it("begin with one that is a no-op where the services' migrations already made the tables", () => {
    const first = kit[0]!.sql.replace(/--[^\n]*/g, "");
    const statements = first
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean);
    assert.ok(statements.length > 0);
    for (const s of statements) assert.match(s, /^CREATE (UNIQUE )?(TABLE|INDEX) IF NOT EXISTS /, s);
  });

  // One kit schema change is one migration: only the services' migrations written before the kit
  // had its own source (applied, so never edited) name a kit table.
  it("are the only new migrations that name a kit table", () => {
    const before = new Set([
      "order/0001_init",
      "order/0006_parked_events",
      "order/0009_outbox_traceparent",
      "stock/0001_init",
      "stock/0009_outbox_traceparent",
      "balance/0001_init",
      "balance/0009_outbox_traceparent",
      "notification/0001_init",
      "notification/0009_outbox_traceparent",
    ]);
    const offending: string[] = [];
    for (const service of readdirSync(join(root, "prisma"), { withFileTypes: true }).filter(
      (d) => d.isDirectory() && d.name !== "kit",
    )) {
      const dir = migrationsDir(service.name, root);
      if (!existsSync(dir)) continue;
      for (const x of readMigrations(dir)) {
        const touched = [...tablesTouched(x.sql)].filter((t) => kitTables.has(t));
        if (touched.length > 0 && !before.has(`${service.name}/${x.name}`))
          offending.push(`${service.name}/${x.name}: ${touched.join(", ")}`);
      }
    }
    assert.deepEqual(
      offending,
      [],
      "a kit table changes in prisma/kit/migrations, once for every service (prisma/kit/README.md)",
    );
  });
});
