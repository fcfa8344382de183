// The stock service's unit of work (plain pg, see kit/db/sql.ts) and its Prisma read queries.
import type { OrderItem } from "../../../contracts";
import { inboxTx } from "../../kit/db/outbox";
import type { StockQueries, StockTx, StockUnitOfWork } from "../application/ports";
import type { Product, ReservationStatus } from "../domain/stock";
import { summedDeltas, type Database, type Sql } from "../../kit/db/sql";
import type { PrismaClient } from "./generated/client";

function stockTx(tx: Sql): StockTx {
  return {
    ...inboxTx(tx),
    async lockProducts(ids) {
      const sorted = [...new Set(ids)].sort();
      const { rows } = await tx.query<Product>(
        `SELECT id, price, stock FROM products WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
        [sorted],
      );
      return new Map(rows.map((r) => [r.id, r]));
    },
    async findReservationsForUpdate(orderIds) {
      // FOR UPDATE locks nothing while a row does not exist: a per-order lock (taken in a fixed
      // order) serialises a take and a cancel of the same order arriving on two topics at once.
      const ids = [...new Set(orderIds)].sort();
      await tx.query(
        `SELECT pg_advisory_xact_lock(hashtextextended(id, 0)) FROM (SELECT id FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n) ORDER BY n) o`,
        [ids],
      );
      const { rows } = await tx.query<{ order_id: string; status: ReservationStatus; items: OrderItem[] }>(
        `SELECT order_id, status, items FROM stock_reservations WHERE order_id = ANY($1::text[]) ORDER BY order_id FOR UPDATE`,
        [ids],
      );
      return new Map(rows.map((r) => [r.order_id, { status: r.status, items: r.items }]));
    },
    async adjustStock(deltas) {
      const { keys: ids, deltas: sums } = summedDeltas(
        deltas,
        (d) => d.productId,
        (d) => d.delta,
      );
      const { rows } = await tx.query<{ id: string; stock: number }>(
        `UPDATE products p SET stock = p.stock + d.delta, updated_at = now()
         FROM unnest($1::text[], $2::int[]) AS d(id, delta) WHERE p.id = d.id RETURNING p.id, p.stock`,
        [ids, sums],
      );
      const byId = new Map(rows.map((r) => [r.id, r.stock]));
      return ids.map((productId) => ({ productId, stock: byId.get(productId) ?? 0 }));
    },
    async saveReservations(list) {
      const last = [...new Map(list.map((r) => [r.orderId, r])).values()];
      if (last.length === 0) return;
      await tx.query(
        `INSERT INTO stock_reservations (order_id, status, items, reason, updated_at)
         SELECT o, s::"ReservationStatus", i, r, now() FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[]) AS u(o, s, i, r)
         ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, updated_at = now(),
           items = CASE WHEN jsonb_array_length(EXCLUDED.items) > 0 THEN EXCLUDED.items ELSE stock_reservations.items END`,
        [
          last.map((r) => r.orderId),
          last.map((r) => r.status),
          last.map((r) => JSON.stringify(r.items)),
          last.map((r) => r.reason),
        ],
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
      return rows.map((p) => ({
        id: p.id,
        name: p.name,
        price: p.price,
        stock: p.stock,
        initialStock: p.initialStock,
      }));
    },
  };
}
