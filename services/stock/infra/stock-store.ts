// Prisma implementation of the stock service's unit of work and queries.
import type { OrderItem } from "../../../contracts";
import { enqueueEvent, markProcessed } from "../../kit/db/outbox";
import type { StockQueries, StockTx, StockUnitOfWork } from "../application/ports";
import type { Product, ReservationStatus } from "../domain/stock";
import type { PrismaClient } from "./generated/client";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

function stockTx(tx: Tx): StockTx {
  return {
    markProcessed: (eventId, topic) => markProcessed(tx, eventId, topic),
    enqueue: async (event, headers) => void (await enqueueEvent(tx, event, headers)),
    async lockProducts(ids) {
      const sorted = [...new Set(ids)].sort();
      const rows = await tx.$queryRawUnsafe<Product[]>(
        `SELECT id, price, stock FROM products WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
        sorted,
      );
      return new Map(rows.map((r) => [r.id, r]));
    },
    async findReservationForUpdate(orderId) {
      const rows = await tx.$queryRawUnsafe<{ status: ReservationStatus; items: OrderItem[] }[]>(
        `SELECT status, items FROM stock_reservations WHERE order_id = $1 FOR UPDATE`,
        orderId,
      );
      return rows[0] ?? null;
    },
    async adjustStock(deltas) {
      const levels = [];
      for (const d of deltas) {
        const rows = await tx.$queryRawUnsafe<{ stock: number }[]>(
          `UPDATE products SET stock = stock + $2, updated_at = now() WHERE id = $1 RETURNING stock`,
          d.productId,
          d.delta,
        );
        levels.push({ productId: d.productId, stock: rows[0]?.stock ?? 0 });
      }
      return levels;
    },
    async saveReservation(orderId, status, items, reason) {
      await tx.stockReservation.upsert({
        where: { orderId },
        create: { orderId, status, items, reason },
        update: { status, reason, ...(items.length ? { items } : {}) },
      });
    },
  };
}

export function prismaStockUnitOfWork(prisma: PrismaClient): StockUnitOfWork {
  return { run: (fn) => prisma.$transaction((tx) => fn(stockTx(tx)), { timeout: 15_000, maxWait: 10_000 }) };
}

export function prismaStockQueries(prisma: PrismaClient): StockQueries {
  return {
    async products() {
      const rows = await prisma.product.findMany({ orderBy: { id: "asc" } });
      return rows.map((p) => ({ id: p.id, name: p.name, price: p.price, stock: p.stock, initialStock: p.initialStock }));
    },
  };
}
