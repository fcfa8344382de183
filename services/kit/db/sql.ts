// The database handle of the write side: plain `pg`, one transaction per unit of work. (Prisma
// keeps the schemas, the migration SQL and the read queries; on the hot path its per-query
// engine cost a third of each service's CPU, see docs/performance.md.)
import pg from "pg";

export type Row = Record<string, unknown>;
export type Sql = { query<R extends Row = Row>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }> };
export type Database = Sql & { transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>; close(): Promise<void> };

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
  return {
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(wrap(client));
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
