// Embedded PostgreSQL: Debian's server binaries, one cluster in a project folder, one database
// per service. Runs initdb and the server as the `postgres` user when started as root.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, chownSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import pg from "pg";

export type EmbeddedPostgres = {
  port: number;
  dataDir: string;
  url(db: string): string;
  stop(): void;
  /** Fast shutdown (every connection dropped) and start again (fault tests). */
  restart(): void;
};

function pgBinDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) if (existsSync(join(root, v, "bin", "pg_ctl"))) return join(root, v, "bin");
  throw new Error(
    "PostgreSQL server binaries not found under /usr/lib/postgresql: run scripts/setup.sh (apt package postgresql)",
  );
}

const isRoot = () => process.getuid?.() === 0;

function runAsPg(bin: string, args: string[]): void {
  const [cmd, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
}

function ownForPostgres(dir: string): void {
  if (!isRoot()) return;
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  chownSync(dir, uid, gid);
}

/**
 * As root the server runs as `postgres`, which must be able to reach the data folder. When the
 * project sits somewhere it cannot (e.g. under /root), the cluster goes to the temp folder.
 */
function reachableDataDir(preferred: string): string {
  if (!isRoot()) return preferred;
  mkdirSync(preferred, { recursive: true });
  const probe = spawnSync("runuser", ["-u", "postgres", "--", "test", "-x", preferred]);
  if (probe.status === 0) return preferred;
  const hash = createHash("sha1").update(preferred).digest("hex").slice(0, 10);
  return join(tmpdir(), `sagascope-${hash}`, basename(preferred));
}

export type PostgresOptions = { dataDir: string; port: number; durable?: boolean };

/** Starts (initialising if needed) a cluster; a cluster already running there is reused. */
export async function startEmbeddedPostgres(opts: PostgresOptions): Promise<EmbeddedPostgres> {
  const bin = pgBinDir();
  const dataDir = reachableDataDir(resolve(opts.dataDir));
  const runDir = join(dataDir, "..", `pg-run-${opts.port}`);
  for (const d of [dataDir, runDir]) {
    mkdirSync(d, { recursive: true });
    ownForPostgres(d);
  }
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    runAsPg(join(bin, "initdb"), [
      "-D",
      dataDir,
      "-U",
      "postgres",
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--no-sync",
      "--locale=C",
    ]);
  }
  const status = spawnSync(
    isRoot() ? "runuser" : join(bin, "pg_ctl"),
    isRoot() ? ["-u", "postgres", "--", join(bin, "pg_ctl"), "status", "-D", dataDir] : ["status", "-D", dataDir],
  );
  if (status.status !== 0) {
    const settings = [
      `-p ${opts.port}`,
      `-k ${runDir}`,
      "-c listen_addresses=127.0.0.1",
      "-c max_connections=400",
      "-c shared_buffers=256MB",
      "-c deadlock_timeout=200ms",
      // Statement counts and times for the bench's --profile (docs/performance.md); Debian's server ships it.
      "-c shared_preload_libraries=pg_stat_statements",
      // Durable: a commit is on disk when acknowledged, as Kafka's log outlives a crash too.
      ...(opts.durable === false
        ? ["-c fsync=off", "-c full_page_writes=off", "-c synchronous_commit=off"]
        : ["-c synchronous_commit=on"]),
    ].join(" ");
    runAsPg(join(bin, "pg_ctl"), [
      "-D",
      dataDir,
      "-o",
      settings,
      "-l",
      join(runDir, "postgres.log"),
      "-w",
      "-t",
      "60",
      "start",
    ]);
  }
  return {
    port: opts.port,
    dataDir,
    // Through the server's Unix socket (in runDir): a query costs the client about 15% and the
    // backend about 20% less CPU than over loopback TCP (docs/performance.md). The TCP address
    // stays in the URL for tools that show it; `host` is what pg connects to.
    url: (db) => `postgresql://postgres@127.0.0.1:${opts.port}/${db}?host=${encodeURIComponent(runDir)}`,
    stop: () => runAsPg(join(bin, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "stop"]),
    restart: () =>
      runAsPg(join(bin, "pg_ctl"), [
        "-D",
        dataDir,
        "-m",
        "fast",
        "-w",
        "-t",
        "60",
        "-l",
        join(runDir, "postgres.log"),
        "restart",
      ]),
  };
}

/** Creates the database named in `url` if it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`refusing to create database with unusual name "${name}"`);
  u.pathname = "/postgres";
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } catch (err) {
    if ((err as { code?: string }).code !== "42P04") throw err; // created concurrently
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = "/postgres";
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
