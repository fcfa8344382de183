// Prisma implementation of the balance service's unit of work and queries.
import { enqueueEvent, markProcessed } from "../../kit/db/outbox";
import type { BalanceQueries, BalanceTx, BalanceUnitOfWork } from "../application/ports";
import type { Account, Payment } from "../domain/balance";
import type { PrismaClient } from "./generated/client";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

function balanceTx(tx: Tx): BalanceTx {
  return {
    markProcessed: (eventId, topic) => markProcessed(tx, eventId, topic),
    enqueue: async (event, headers) => void (await enqueueEvent(tx, event, headers)),
    async lockAccount(userId) {
      const rows = await tx.$queryRawUnsafe<Account[]>(`SELECT id, balance FROM users WHERE id = $1 FOR UPDATE`, userId);
      return rows[0] ?? null;
    },
    async findPaymentForUpdate(orderId) {
      const rows = await tx.$queryRawUnsafe<{ status: Payment["status"]; amount: number; user_id: string }[]>(
        `SELECT status, amount, user_id FROM payments WHERE order_id = $1 FOR UPDATE`,
        orderId,
      );
      const r = rows[0];
      return r ? { status: r.status, amount: r.amount, userId: r.user_id } : null;
    },
    async adjustBalance(userId, delta) {
      const rows = await tx.$queryRawUnsafe<{ balance: number }[]>(
        `UPDATE users SET balance = balance + $2, updated_at = now() WHERE id = $1 RETURNING balance`,
        userId,
        delta,
      );
      return rows[0]?.balance ?? 0;
    },
    async savePayment(p) {
      await tx.$executeRawUnsafe(
        `INSERT INTO payments (order_id, user_id, amount, status, reason, updated_at) VALUES ($1, $2, $3, $4::"PaymentStatus", $5, now())
         ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, amount = EXCLUDED.amount, updated_at = now()`,
        p.orderId,
        p.userId,
        p.amount,
        p.status,
        p.reason,
      );
    },
  };
}

export function prismaBalanceUnitOfWork(prisma: PrismaClient): BalanceUnitOfWork {
  return { run: (fn) => prisma.$transaction((tx) => fn(balanceTx(tx)), { timeout: 15_000, maxWait: 10_000 }) };
}

export function prismaBalanceQueries(prisma: PrismaClient): BalanceQueries {
  return {
    async users() {
      const rows = await prisma.user.findMany({ orderBy: { id: "asc" } });
      return rows.map((u) => ({ id: u.id, name: u.name, balance: u.balance, initialBalance: u.initialBalance }));
    },
  };
}
