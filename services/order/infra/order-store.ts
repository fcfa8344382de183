// SQL implementation of the order service's unit of work (plain pg, see kit/db/sql.ts).
import type { CancelReason, Envelope, SagaMode } from "../../../contracts";
import type { SagaStepName } from "../domain/orchestration";
import { enqueueRecord, inboxTx } from "../../kit/db/outbox";
import type { OrderTx, OrderUnitOfWork } from "../application/ports";
import type { Database, Sql } from "../../kit/db/sql";
import { appendTally, cancelled, completed, placed } from "./order-tally";

function orderTx(tx: Sql): OrderTx {
  return {
    ...inboxTx(tx),
    async findAllForUpdate(orderIds) {
      const { rows } = await tx.query<{
        id: string;
        user_id: string;
        status: "PENDING" | "COMPLETED" | "CANCELLED";
        reason: string | null;
      }>(`SELECT id, user_id, status, reason FROM orders WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [
        [...new Set(orderIds)].sort(),
      ]);
      return new Map(
        rows.map((r) => [
          r.id,
          { id: r.id, userId: r.user_id, status: r.status, reason: r.reason as CancelReason | null },
        ]),
      );
    },
    async deadLetter(eventId) {
      const { rows } = await tx.query<{ order_id: string; envelope: Envelope<"saga-dlq"> }>(
        `SELECT order_id, envelope FROM dead_letters WHERE event_id = $1`,
        [eventId],
      );
      const r = rows[0];
      return r ? { orderId: r.order_id, envelope: r.envelope } : null;
    },
    enqueueRecord: (record) => enqueueRecord(tx, record),
    async markRepublished(dlqEventId) {
      await tx.query(
        `INSERT INTO dead_letter_republishes (dlq_event_id) VALUES ($1)
         ON CONFLICT (dlq_event_id) DO UPDATE SET times = dead_letter_republishes.times + 1, republished_at = now()`,
        [dlqEventId],
      );
    },
    async lockTimedOut(before, limit) {
      const { rows } = await tx.query<{
        id: string;
        user_id: string;
        mode: SagaMode;
        reason: string | null;
        traceparent: string | null;
      }>(
        `SELECT id, user_id, mode, reason, traceparent FROM orders WHERE status = 'PENDING' AND created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [before, limit],
      );
      return rows.map((r) => ({
        id: r.id,
        userId: r.user_id,
        status: "PENDING" as const,
        mode: r.mode,
        reason: r.reason as CancelReason | null,
        traceparent: r.traceparent,
      }));
    },
    async insertAll(orders) {
      // A concurrent request with the same key waits on the unique index, then finds that row.
      const created = await tx.query<{ id: string }>(
        `INSERT INTO orders (id, user_id, mode, status, updated_at, idempotency_key, request_hash, traceparent)
         SELECT id, u, m, 'PENDING', now(), k, h, p FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS x(id, u, k, h, p, m, n) ORDER BY n
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [
          orders.map((o) => o.id),
          orders.map((o) => o.userId),
          orders.map((o) => o.retryKey?.key ?? null),
          orders.map((o) => o.retryKey?.requestHash ?? null),
          orders.map((o) => o.traceparent ?? null),
          orders.map((o) => o.mode),
        ],
      );
      const inserted = new Set(created.rows.map((r) => r.id));
      await appendTally(tx, placed(inserted.size));
      const refused = orders.filter((o) => !inserted.has(o.id)).map((o) => o.retryKey?.key);
      const holders = new Map<string, { id: string; request_hash: string | null }>();
      if (refused.length > 0) {
        const { rows } = await tx.query<{ idempotency_key: string; id: string; request_hash: string | null }>(
          `SELECT idempotency_key, id, request_hash FROM orders WHERE idempotency_key = ANY($1::text[])`,
          [refused],
        );
        for (const r of rows) holders.set(r.idempotency_key, r);
      }
      const lines = orders
        .filter((o) => inserted.has(o.id))
        .flatMap((o) => o.items.map((i) => ({ orderId: o.id, ...i })));
      if (lines.length > 0) {
        await tx.query(
          `INSERT INTO order_items (order_id, product_id, quantity) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])`,
          [lines.map((l) => l.orderId), lines.map((l) => l.productId), lines.map((l) => l.quantity)],
        );
      }
      return orders.map((o) => {
        if (inserted.has(o.id)) return { inserted: true as const };
        const holder = holders.get(o.retryKey?.key ?? "");
        if (!holder) throw new Error(`order ${o.id} was neither stored nor held by its key`);
        return { inserted: false as const, orderId: holder.id, requestHash: holder.request_hash };
      });
    },
    async completeAll(orders) {
      if (orders.length === 0) return;
      const { rows } = await tx.query<{ id: string; user_id: string }>(
        `UPDATE orders o SET status = 'COMPLETED', total_amount = c.total, reason = NULL, updated_at = now()
         FROM unnest($1::text[], $2::int[]) AS c(id, total) WHERE o.id = c.id RETURNING o.id, o.user_id`,
        [orders.map((o) => o.orderId), orders.map((o) => o.totalAmount)],
      );
      const userOf = new Map(rows.map((r) => [r.id, r.user_id]));
      await appendTally(
        tx,
        completed(orders.filter((o) => userOf.has(o.orderId)).map((o) => ({ ...o, userId: userOf.get(o.orderId)! }))),
      );
      const lines = orders.flatMap((o) => o.items.map((i) => ({ orderId: o.orderId, ...i })));
      await tx.query(
        `INSERT INTO order_items (order_id, product_id, quantity, unit_price) SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])
         ON CONFLICT (order_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity, unit_price = EXCLUDED.unit_price`,
        [
          lines.map((l) => l.orderId),
          lines.map((l) => l.productId),
          lines.map((l) => l.quantity),
          lines.map((l) => l.unitPrice),
        ],
      );
    },
    async findSagasForUpdate(orderIds) {
      const { rows } = await tx.query<{ order_id: string; step: SagaStepName }>(
        `SELECT order_id, step FROM saga_instances WHERE order_id = ANY($1::text[]) ORDER BY order_id FOR UPDATE`,
        [[...new Set(orderIds)].sort()],
      );
      return new Map(rows.map((r) => [r.order_id, r.step]));
    },
    async saveSagaSteps(rows) {
      if (rows.length === 0) return;
      // One row per saga: the last step given for an order wins.
      const last = new Map(rows.map((r) => [r.orderId, r.step]));
      await tx.query(
        `INSERT INTO saga_instances (order_id, step) SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT (order_id) DO UPDATE SET step = EXCLUDED.step, updated_at = now()`,
        [[...last.keys()], [...last.values()]],
      );
    },
    async cancelAll(orders) {
      if (orders.length === 0) return;
      const { rowCount } = await tx.query(
        `UPDATE orders o SET status = 'CANCELLED', reason = c.reason, detail = c.detail, updated_at = now()
         FROM unnest($1::text[], $2::text[], $3::text[]) AS c(id, reason, detail) WHERE o.id = c.id`,
        [orders.map((o) => o.orderId), orders.map((o) => o.reason), orders.map((o) => o.detail)],
      );
      if (rowCount) await appendTally(tx, cancelled(rowCount));
    },
  };
}

export function sqlOrderUnitOfWork(db: Database): OrderUnitOfWork {
  return { run: (fn) => db.transaction((tx) => fn(orderTx(tx))) };
}
