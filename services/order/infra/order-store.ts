// Prisma implementation of the order service's unit of work.
import type { CancelReason } from "../../../contracts";
import { enqueueEvent, markProcessed } from "../../kit/db/outbox";
import type { OrderTx, OrderUnitOfWork } from "../application/ports";
import type { PrismaClient } from "./generated/client";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

function orderTx(tx: Tx): OrderTx {
  return {
    markProcessed: (eventId, topic) => markProcessed(tx, eventId, topic),
    enqueue: async (event, headers) => {
      await enqueueEvent(tx, event, headers);
    },
    async findForUpdate(orderId) {
      const rows = await tx.$queryRawUnsafe<{ id: string; user_id: string; status: "PENDING" | "COMPLETED" | "CANCELLED"; reason: string | null }[]>(
        `SELECT id, user_id, status, reason FROM orders WHERE id = $1 FOR UPDATE`,
        orderId,
      );
      const r = rows[0];
      return r ? { id: r.id, userId: r.user_id, status: r.status, reason: r.reason as CancelReason | null } : null;
    },
    async insert(order) {
      await tx.order.create({
        data: { id: order.id, userId: order.userId, items: { create: order.items.map((i) => ({ productId: i.productId, quantity: i.quantity })) } },
      });
    },
    async complete(orderId, totalAmount, items) {
      await tx.order.update({ where: { id: orderId }, data: { status: "COMPLETED", totalAmount, reason: null } });
      for (const item of items) {
        await tx.orderItem.upsert({
          where: { orderId_productId: { orderId, productId: item.productId } },
          update: { unitPrice: item.unitPrice, quantity: item.quantity },
          create: { orderId, productId: item.productId, quantity: item.quantity, unitPrice: item.unitPrice },
        });
      }
    },
    async cancel(orderId, reason, detail) {
      await tx.order.update({ where: { id: orderId }, data: { status: "CANCELLED", reason, detail } });
    },
  };
}

export function prismaOrderUnitOfWork(prisma: PrismaClient): OrderUnitOfWork {
  return { run: (fn) => prisma.$transaction((tx) => fn(orderTx(tx)), { timeout: 15_000, maxWait: 10_000 }) };
}
