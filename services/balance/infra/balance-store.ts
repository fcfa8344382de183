// The balance service's unit of work (plain pg, see kit/db/sql.ts) and its Prisma read queries.
import { enqueueEvent, markProcessed } from "../../kit/db/outbox";
import type { BalanceQueries, BalanceTx, BalanceUnitOfWork } from "../application/ports";
import type { Account, Payment } from "../domain/balance";
import type { Database, Sql } from "../../kit/db/sql";
import type { PrismaClient } from "./generated/client";

function balanceTx(tx: Sql): BalanceTx {
  return {
    markProcessed: (eventId, topic) => markProcessed(tx, eventId, topic),
    enqueue: async (event, headers) => void (await enqueueEvent(tx, event, headers)),
    async lockAccount(userId) {
      const { rows } = await tx.query<Account>(`SELECT id, balance FROM users WHERE id = $1 FOR UPDATE`, [userId]);
      return rows[0] ?? null;
    },
    async findPaymentForUpdate(orderId) {
      // FOR UPDATE locks nothing while the row does not exist: a per-order lock serialises a
      // payment and a cancel of the same order arriving on two topics at once.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [orderId]);
      const { rows } = await tx.query<{ status: Payment["status"]; amount: number; user_id: string }>(
        `SELECT status, amount, user_id FROM payments WHERE order_id = $1 FOR UPDATE`,
        [orderId],
      );
      const r = rows[0];
      return r ? { status: r.status, amount: r.amount, userId: r.user_id } : null;
    },
    async adjustBalance(userId, delta) {
      const { rows } = await tx.query<{ balance: number }>(`UPDATE users SET balance = balance + $2, updated_at = now() WHERE id = $1 RETURNING balance`, [
        userId,
        delta,
      ]);
      return rows[0]?.balance ?? 0;
    },
    async savePayment(p) {
      await tx.query(
        `INSERT INTO payments (order_id, user_id, amount, status, reason, updated_at) VALUES ($1, $2, $3, $4::"PaymentStatus", $5, now())
         ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, amount = EXCLUDED.amount, updated_at = now()`,
        [p.orderId, p.userId, p.amount, p.status, p.reason],
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
