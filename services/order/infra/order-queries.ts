// Read side of the order service: order lists, one order with its dead letters (the rest of its
// journey is the saga observer's; the web origin joins them), holdings.
import {
  DEAD_LETTER_TOPIC,
  physicalTopic,
  recordStep,
  type CancelReason,
  type OrderSummary,
  type SagaMode,
  type OrderView,
  type SagaStep,
} from "../../../contracts";
import type { OrderQueries } from "../application/ports";
import type { PrismaClient } from "./generated/client";
import { readTally } from "./order-tally";

type OrderRow = {
  id: string;
  userId: string;
  mode: string;
  status: "PENDING" | "COMPLETED" | "CANCELLED";
  reason: string | null;
  totalAmount: number | null;
  createdAt: Date;
  updatedAt: Date;
};

type ListRow = {
  id: string;
  user_id: string;
  mode: string;
  status: OrderRow["status"];
  reason: string | null;
  total_amount: number | null;
  created_at: Date;
  updated_at: Date;
  item_count: number;
};

function summary(o: OrderRow, itemCount: number): OrderSummary {
  return {
    orderId: o.id,
    userId: o.userId,
    mode: o.mode as SagaMode,
    status: o.status,
    reason: o.reason as CancelReason | null,
    totalAmount: o.totalAmount,
    itemCount,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

/** `topicPrefix`: the deployment's, under which the dead letters' topic is named on the cluster. */
export function prismaOrderQueries(prisma: PrismaClient, topicPrefix: string): OrderQueries {
  return {
    async list(q) {
      // Plain SQL: Prisma's relation count groups every order's items before the limit applies.
      const where: string[] = [];
      const values: unknown[] = [];
      const param = (v: unknown) => `$${values.push(v)}`;
      if (q.status) where.push(`o.status = ${param(q.status)}::"OrderStatus"`);
      if (q.mode) where.push(`o.mode = ${param(q.mode)}`);
      if (q.reason) where.push(`o.reason = ${param(q.reason)}`);
      const search = q.q?.trim();
      if (search)
        where.push(`(o.id LIKE ${param(`${search.replace(/[\\%_]/g, "\\$&")}%`)} OR o.user_id = ${param(search)})`);
      const rows = await prisma.$queryRawUnsafe<ListRow[]>(
        `SELECT o.id, o.user_id, o.mode, o.status::text AS status, o.reason, o.total_amount, o.created_at, o.updated_at,
           (SELECT count(*)::int FROM order_items i WHERE i.order_id = o.id) AS item_count
         FROM orders o ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY o.created_at DESC LIMIT ${param(q.limit)}`,
        ...values,
      );
      return rows.map((r) =>
        summary(
          {
            id: r.id,
            userId: r.user_id,
            mode: r.mode,
            status: r.status,
            reason: r.reason,
            totalAmount: r.total_amount,
            createdAt: r.created_at,
            updatedAt: r.updated_at,
          },
          r.item_count,
        ),
      );
    },

    async get(orderId) {
      const order = await prisma.order.findUnique({
        where: { id: orderId },
        include: { items: { orderBy: { productId: "asc" } } },
      });
      if (!order) return null;
      const deadLetters = await prisma.deadLetter.findMany({
        where: { orderId },
        orderBy: [{ occurredAt: "asc" }, { brokerTimestamp: "asc" }],
      });
      // The dead letters as journey steps, read the way every other record is (contracts/record-step.ts).
      const steps = deadLetters.flatMap((e): SagaStep[] => {
        const step = recordStep(
          {
            topic: physicalTopic(DEAD_LETTER_TOPIC, topicPrefix),
            partition: e.partition,
            offset: e.offset.toString(),
            at: e.brokerTimestamp,
            headers: {},
            value: e.envelope,
          },
          topicPrefix,
        );
        return step ? [step] : [];
      });
      const view: OrderView = {
        ...summary(order, order.items.length),
        detail: order.detail,
        items: order.items.map((i) => ({ productId: i.productId, quantity: i.quantity, unitPrice: i.unitPrice })),
        steps,
      };
      return view;
    },

    holdings: () => readTally((sql) => prisma.$queryRawUnsafe(sql)),
  };
}
