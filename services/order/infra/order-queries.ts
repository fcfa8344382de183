// Read side of the order service: order lists, one order with its saga timeline, holdings.
import type { AnyEnvelope, CancelReason, OrderSummary, OrderView, SagaStep, ServiceName, TopicName } from "../../../contracts";
import type { OrderQueries } from "../application/ports";
import type { PrismaClient } from "./generated/client";

type OrderRow = {
  id: string;
  userId: string;
  status: "PENDING" | "COMPLETED" | "CANCELLED";
  reason: string | null;
  totalAmount: number | null;
  createdAt: Date;
  updatedAt: Date;
  _count?: { items: number };
};

function summary(o: OrderRow, itemCount: number): OrderSummary {
  return {
    orderId: o.id,
    userId: o.userId,
    status: o.status,
    reason: o.reason as CancelReason | null,
    totalAmount: o.totalAmount,
    itemCount,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function prismaOrderQueries(prisma: PrismaClient): OrderQueries {
  return {
    async list(q) {
      const search = q.q?.trim();
      const rows = await prisma.order.findMany({
        where: {
          ...(q.status ? { status: q.status } : {}),
          ...(q.reason ? { reason: q.reason } : {}),
          ...(search ? { OR: [{ id: { startsWith: search } }, { userId: search }] } : {}),
        },
        orderBy: { createdAt: "desc" },
        take: q.limit,
        include: { _count: { select: { items: true } } },
      });
      return rows.map((r) => summary(r, r._count.items));
    },

    async get(orderId) {
      const order = await prisma.order.findUnique({ where: { id: orderId }, include: { items: { orderBy: { productId: "asc" } } } });
      if (!order) return null;
      const events = await prisma.sagaEvent.findMany({ where: { orderId }, orderBy: [{ occurredAt: "asc" }, { brokerTimestamp: "asc" }] });
      const steps: SagaStep[] = events.map((e) => ({
        eventId: e.eventId,
        topic: e.topic as TopicName,
        partition: e.partition,
        offset: e.offset.toString(),
        producer: e.producer as ServiceName,
        causationId: e.causationId,
        occurredAt: e.occurredAt.toISOString(),
        brokerTimestamp: e.brokerTimestamp.toISOString(),
        causeConsumedAt: e.causeConsumedAt?.toISOString() ?? null,
        envelope: e.envelope as AnyEnvelope,
      }));
      const view: OrderView = {
        ...summary(order, order.items.length),
        detail: order.detail,
        items: order.items.map((i) => ({ productId: i.productId, quantity: i.quantity, unitPrice: i.unitPrice })),
        steps,
      };
      return view;
    },

    async holdings() {
      const units = await prisma.$queryRawUnsafe<{ product_id: string; n: bigint }[]>(
        `SELECT i.product_id, sum(i.quantity)::bigint AS n FROM order_items i JOIN orders o ON o.id = i.order_id
         WHERE o.status = 'COMPLETED' GROUP BY i.product_id`,
      );
      const paid = await prisma.$queryRawUnsafe<{ user_id: string; n: bigint }[]>(
        `SELECT user_id, sum(total_amount)::bigint AS n FROM orders WHERE status = 'COMPLETED' GROUP BY user_id`,
      );
      const statuses = await prisma.$queryRawUnsafe<{ status: string; n: bigint }[]>(`SELECT status::text, count(*)::bigint AS n FROM orders GROUP BY status`);
      return {
        units: Object.fromEntries(units.map((r) => [r.product_id, Number(r.n)])),
        paid: Object.fromEntries(paid.map((r) => [r.user_id, Number(r.n)])),
        byStatus: Object.fromEntries(statuses.map((r) => [r.status, Number(r.n)])),
      };
    },
  };
}
