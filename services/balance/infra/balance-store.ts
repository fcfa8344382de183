// The balance service's unit of work (plain pg, see kit/db/sql.ts) and its Prisma read queries.
import { inboxTx } from "../../kit/db/outbox";
import type { BalanceQueries, BalanceTx, BalanceUnitOfWork } from "../application/ports";
import type { Account, Payment } from "../domain/balance";
import { summedDeltas, type Database, type Sql } from "../../kit/db/sql";
import type { PrismaClient } from "./generated/client";

function balanceTx(tx: Sql): BalanceTx {
  return {
    ...inboxTx(tx),
    async lockAccounts(userIds) {
      const ids = [...new Set(userIds)].sort();
      const { rows } = await tx.query<Account>(
        `SELECT id, balance FROM users WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
        [ids],
      );
      return new Map(rows.map((r) => [r.id, r]));
    },
    async findPaymentsForUpdate(orderIds) {
      // FOR UPDATE locks nothing while a row does not exist: a per-order lock (taken in a fixed
      // order) serialises a payment and a cancel of the same order arriving on two topics at once.
      const ids = [...new Set(orderIds)].sort();
      await tx.query(
        `SELECT pg_advisory_xact_lock(hashtextextended(id, 0)) FROM (SELECT id FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n) ORDER BY n) o`,
        [ids],
      );
      const { rows } = await tx.query<{ order_id: string; status: Payment["status"]; amount: number; user_id: string }>(
        `SELECT order_id, status, amount, user_id FROM payments WHERE order_id = ANY($1::text[]) ORDER BY order_id FOR UPDATE`,
        [ids],
      );
      return new Map(rows.map((r) => [r.order_id, { status: r.status, amount: r.amount, userId: r.user_id }]));
    },
    async adjustBalances(deltas) {
      const { keys: ids, deltas: sums } = summedDeltas(
        deltas,
        (d) => d.userId,
        (d) => d.delta,
      );
      const { rows } = await tx.query<{ id: string; balance: number }>(
        `UPDATE users u SET balance = u.balance + d.delta, updated_at = now()
         FROM unnest($1::text[], $2::int[]) AS d(id, delta) WHERE u.id = d.id RETURNING u.id, u.balance`,
        [ids, sums],
      );
      return new Map(rows.map((r) => [r.id, r.balance]));
    },
    async savePayments(list) {
      const last = [...new Map(list.map((p) => [p.orderId, p])).values()];
      if (last.length === 0) return;
      await tx.query(
        `INSERT INTO payments (order_id, user_id, amount, status, reason, updated_at)
         SELECT o, u, a, s::"PaymentStatus", r, now() FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[]) AS x(o, u, a, s, r)
         ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, amount = EXCLUDED.amount, updated_at = now()`,
        [
          last.map((p) => p.orderId),
          last.map((p) => p.userId),
          last.map((p) => p.amount),
          last.map((p) => p.status),
          last.map((p) => p.reason),
        ],
      );
    },
  };
}

export function sqlBalanceUnitOfWork(db: Database): BalanceUnitOfWork {
  return { run: (fn) => db.transaction((tx) => fn(balanceTx(tx))) };
}

export function prismaBalanceQueries(prisma: PrismaClient): BalanceQueries {
  return {
    async users() {
      const rows = await prisma.user.findMany({ orderBy: { id: "asc" } });
      return rows.map((u) => ({ id: u.id, name: u.name, balance: u.balance, initialBalance: u.initialBalance }));
    },
  };
}
