// The slice of a Prisma client (or interactive transaction) that the shared outbox, inbox and
// migration code needs; every service's generated client satisfies it.
export type SqlRunner = {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
};

export type TransactionalDb<Tx extends SqlRunner = SqlRunner> = SqlRunner & {
  $transaction<R>(fn: (tx: Tx) => Promise<R>, options?: { timeout?: number; maxWait?: number }): Promise<R>;
  $disconnect(): Promise<void>;
};
