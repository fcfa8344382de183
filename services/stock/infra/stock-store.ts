// The stock service's unit of work (plain pg, see kit/db/sql.ts) and its Prisma read queries.
import type { OrderItem } from "../../../contracts";
import { enqueueEvent, markProcessed } from "../../kit/db/outbox";
import type { StockQueries, StockTx, StockUnitOfWork } from "../application/ports";
import type { Product, ReservationStatus } from "../domain/stock";
import type { Database, Sql } from "../../kit/db/sql";
import type { PrismaClient } from "./generated/client";

function stockTx(tx: Sql): StockTx {
  return {
    markProcessed: (eventId, topic) => markProcessed(tx, eventId, topic),
    enqueue: async (event, headers) => void (await enqueueEvent(tx, event, headers)),
    async lockProducts(ids) {
      const sorted = [...new Set(ids)].sort();
      const { rows } = await tx.query<Product>(`SELECT id, price, stock FROM products WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [sorted]);
      return new Map(rows.map((r) => [r.id, r]));
    },
    async findReservationForUpdate(orderId) {
      // FOR UPDATE locks nothing while the row does not exist: a per-order lock serialises a
      // take and a cancel of the same order arriving on two topics at once.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [orderId]);
      const { rows } = await tx.query<{ status: ReservationStatus; items: OrderItem[] }>(
        `SELECT status, items FROM stock_reservations WHERE order_id = $1 FOR UPDATE`,
        [orderId],
      );
      return rows[0] ?? null;
    },
    async adjustStock(deltas) {
      const { rows } = await tx.query<{ id: string; stock: number }>(
        `UPDATE products p SET stock = p.stock + d.delta, updated_at = now()
         FROM unnest($1::text[], $2::int[]) AS d(id, delta) WHERE p.id = d.id RETURNING p.id, p.stock`,
        [deltas.map((d) => d.productId), deltas.map((d) => d.delta)],
      );
      const byId = new Map(rows.map((r) => [r.id, r.stock]));
      return deltas.map((d) => ({ productId: d.productId, stock: byId.get(d.productId) ?? 0 }));
    },
    async saveReservation(orderId, status, items, reason) {
      await tx.query(
        `INSERT INTO stock_reservations (order_id, status, items, reason, updated_at) VALUES ($1, $2::"ReservationStatus", $3::jsonb, $4, now())
         ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, updated_at = now(),
           items = CASE WHEN jsonb_array_length(EXCLUDED.items) > 0 THEN EXCLUDED.items ELSE stock_reservations.items END`,
        [orderId, status, JSON.stringify(items), reason],
      );
    },
  };
}

export function sqlStockUnitOfWork(db: Database): StockUnitOfWork {
  return { run: (fn) => db.transaction((tx) => fn(stockTx(tx))) };
}

export function prismaStockQueries(prisma: PrismaClient): StockQueries {
  return {
    async products() {
      const rows = await prisma.product.findMany({ orderBy: { id: "asc" } });
      return rows.map((p) => ({ id: p.id, name: p.name, price: p.price, stock: p.stock, initialStock: p.initialStock }));
    },
  };
}
