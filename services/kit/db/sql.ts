// The database handle of the write side: plain `pg`, one transaction per unit of work. (Prisma
// keeps the schemas, the migration SQL and the read queries; on the hot path its per-query
// engine cost a third of each service's CPU, see docs/performance.md.)
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import pg from "pg";

export type Row = Record<string, unknown>;
export type Sql = {
  query<R extends Row = Row>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
};
export type Database = Sql & {
  /**
   * Runs fn in a transaction; inside `batch` it joins the batch's transaction instead.
   * `durable: false` commits without waiting for the WAL flush: only for work that is safe to
   * lose in a crash (the relay's deletion of published rows: lost, they are published again).
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>, opts?: { durable?: boolean }): Promise<T>;
  /** Runs fn once the transaction in progress (a `batch`) has committed; at once outside one. */
  afterCommit(fn: () => void): void;
  /** One transaction for everything fn does through `transaction` (a consumer's batch of events). */
  batch<T>(fn: () => Promise<T>): Promise<T>;
  inBatch(): boolean;
  /** Runs fn outside any batch (for work that must commit on its own, like the outbox relay). */
  detached<T>(fn: () => T): T;
  close(): Promise<void>;
};

// Statements with parameters run as named prepared statements: each connection parses and plans
// one once, then only binds and executes it (PostgreSQL's CPU per saga is most of the total).
const names = new Map<string, string>();
const statementName = (text: string) => {
  let name = names.get(text);
  if (!name && names.size < 1000)
    names.set(text, (name = `s${createHash("sha1").update(text).digest("hex").slice(0, 16)}`));
  return name;
};

const wrap = (c: pg.Pool | pg.PoolClient): Sql => ({
  query: async <R extends Row>(text: string, values?: unknown[]) => {
    const name = values?.length ? statementName(text) : undefined;
    const r = name ? await c.query<R>({ name, text, values }) : await c.query<R>(text, values);
    return { rows: r.rows, rowCount: r.rowCount };
  },
});

export type DbTimeouts = { connectTimeoutMs: number; statementTimeoutMs: number; idleInTransactionTimeoutMs: number };
// Idle in transaction: above the longest injected latency (60 s), which a consumer's batch waits
// inside its transaction.
export const DEFAULT_DB_TIMEOUTS: DbTimeouts = {
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 15_000,
  idleInTransactionTimeoutMs: 90_000,
};

/**
 * Pool settings that bound every wait on the database. The server cancels a slow statement
 * itself (statement_timeout, SQLSTATE 57014, and the connection stays usable); query_timeout,
 * a little later, only fires when the server cannot answer at all (a half-open connection).
 * idle_in_transaction_session_timeout frees the locks of a client that vanished mid-transaction.
 * connectionTimeoutMillis bounds both opening a connection and waiting for a free one.
 */
export function poolConfig(connectionString: string, max: number, t: DbTimeouts): pg.PoolConfig {
  return {
    connectionString,
    max,
    connectionTimeoutMillis: t.connectTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    statement_timeout: t.statementTimeoutMs,
    query_timeout: t.statementTimeoutMs + 1_000,
    idle_in_transaction_session_timeout: t.idleInTransactionTimeoutMs,
  };
}

// A client whose query read timed out is still waiting for that answer: nothing more can be sent
// on it (a ROLLBACK would queue behind it and time out in turn), so it is destroyed instead.
const isBroken = (err: unknown) =>
  err instanceof Error && /connection|terminat|read timeout|not queryable/i.test(err.message);

export function openDatabase(connectionString: string, max = 20, timeouts: DbTimeouts = DEFAULT_DB_TIMEOUTS): Database {
  const pool = new pg.Pool(poolConfig(connectionString, max, timeouts));
  // An idle client losing its connection (e.g. the server restarting) must not crash the process.
  pool.on("error", () => undefined);
  const ambient = new AsyncLocalStorage<{ tx: Sql; after: (() => void)[] }>();
  const db: Database = {
    ...wrap(pool),
    async transaction(fn, opts) {
      const joined = ambient.getStore();
      if (joined) return fn(joined.tx);
      const client = await pool.connect();
      // A connection the server drops while this client is checked out (a restart, an admin
      // kill) is reported as an 'error' event, which would crash the process unheard: note it,
      // fail this transaction, and destroy the client instead of returning it to the pool.
      let broken: Error | null = null;
      const onError = (err: Error) => (broken = err);
      client.on("error", onError);
      try {
        await client.query(opts?.durable === false ? "BEGIN; SET LOCAL synchronous_commit TO off" : "BEGIN");
        const result = await fn(wrap(client));
        await client.query("COMMIT");
        return result;
      } catch (err) {
        broken ??= isBroken(err) ? (err as Error) : null;
        if (!broken) await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.removeListener("error", onError);
        client.release(broken ?? undefined);
      }
    },
    async batch(fn) {
      const after: (() => void)[] = [];
      const result = await db.transaction((tx) => ambient.run({ tx, after }, fn));
      for (const f of after) f();
      return result;
    },
    afterCommit(fn) {
      const store = ambient.getStore();
      if (!store) return fn();
      if (!store.after.includes(fn)) store.after.push(fn);
    },
    inBatch: () => ambient.getStore() !== undefined,
    detached: (fn) => ambient.exit(fn),
    close: () => pool.end(),
  };
  return db;
}

/** Signed changes summed per key, keys sorted (an UPDATE ... FROM unnest() touches a row once, in a fixed order). */
export function summedDeltas<T>(
  changes: T[],
  key: (c: T) => string,
  delta: (c: T) => number,
): { keys: string[]; deltas: number[] } {
  const sums = new Map<string, number>();
  for (const c of changes) sums.set(key(c), (sums.get(key(c)) ?? 0) + delta(c));
  const keys = [...sums.keys()].sort();
  return { keys, deltas: keys.map((k) => sums.get(k)!) };
}
