// The database handle of the write side: plain `pg`, one transaction per unit of work. (Prisma
// keeps the schemas, the migration SQL and the read queries; on the hot path its per-query
// engine cost a third of each service's CPU, see docs/performance.md.)
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";

export type Row = Record<string, unknown>;
export type Sql = { query<R extends Row = Row>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }> };
export type Database = Sql & {
  /** Runs fn in a transaction; inside `batch` it joins the batch's transaction instead. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** One transaction for everything fn does through `transaction` (a consumer's batch of events). */
  batch<T>(fn: () => Promise<T>): Promise<T>;
  inBatch(): boolean;
  /** Runs fn outside any batch (for work that must commit on its own, like the outbox relay). */
  detached<T>(fn: () => T): T;
  close(): Promise<void>;
};

const wrap = (c: pg.Pool | pg.PoolClient): Sql => ({
  query: async <R extends Row>(text: string, values?: unknown[]) => {
    const r = await c.query<R>(text, values);
    return { rows: r.rows, rowCount: r.rowCount };
  },
});

export function openDatabase(connectionString: string, max = 20): Database {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client losing its connection (e.g. the server restarting) must not crash the process.
  pool.on("error", () => undefined);
  const ambient = new AsyncLocalStorage<Sql>();
  const db: Database = {
    ...wrap(pool),
    async transaction(fn) {
      const joined = ambient.getStore();
      if (joined) return fn(joined);
      const client = await pool.connect();
      // A connection the server drops while this client is checked out (a restart, an admin
      // kill) is reported as an 'error' event, which would crash the process unheard: note it,
      // fail this transaction, and destroy the client instead of returning it to the pool.
      let broken: Error | null = null;
      const onError = (err: Error) => (broken = err);
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        const result = await fn(wrap(client));
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        broken ??= err instanceof Error && /connection|terminat/i.test(err.message) ? err : null;
        throw err;
      } finally {
        client.removeListener("error", onError);
        client.release(broken ?? undefined);
      }
    },
    batch: (fn) => db.transaction((tx) => ambient.run(tx, fn)),
    inBatch: () => ambient.getStore() !== undefined,
    detached: (fn) => ambient.exit(fn),
    close: () => pool.end(),
  };
  return db;
}
