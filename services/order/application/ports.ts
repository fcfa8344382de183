// What the order use cases need from storage; infra/order-store.ts implements it with Prisma.
import type { DeadLetterQuery, DeadLetterView, Envelope, TopicName } from "../../../contracts";
import type {
  CancelReason,
  ListOrdersQuery,
  OrderItem,
  OrderSummary,
  OrderView,
  PricedItem,
  SagaMode,
} from "../../../contracts";
import type { InboxTx, UnitOfWork } from "../../kit/application/inbox";
import type { SagaStepName } from "../domain/orchestration";
import type { OrderState } from "../domain/order";
import type { z } from "zod";

export type OrderTx = InboxTx &
  OperatorTx & {
    /** Locks these orders, in id order, and reads them. */
    findAllForUpdate(orderIds: string[]): Promise<Map<string, OrderState>>;
    /**
     * PENDING orders created before `before`, oldest first, locked; rows another transaction holds
     * are skipped. `traceparent`: the trace of the request that placed the order (tracing on).
     */
    lockTimedOut(before: Date, limit: number): Promise<(OrderState & { mode: SagaMode; traceparent: string | null })[]>;
    /**
     * Stores new orders in the given order; an order whose retry key is already used (or used by an
     * earlier one of these) stores nothing and answers what that key holds.
     */
    insertAll(
      orders: {
        id: string;
        userId: string;
        mode: SagaMode;
        items: OrderItem[];
        retryKey?: { key: string; requestHash: string };
        traceparent?: string;
      }[],
    ): Promise<({ inserted: true } | { inserted: false; orderId: string; requestHash: string | null })[]>;
    completeAll(orders: { orderId: string; totalAmount: number; items: PricedItem[] }[]): Promise<void>;
    /** Cancels these orders (each at most once in the list), one statement for all of them. */
    cancelAll(orders: { orderId: string; reason: CancelReason; detail: string }[]): Promise<void>;
    /** Orchestration mode: locks these orders' sagas and reads their steps. */
    findSagasForUpdate(orderIds: string[]): Promise<Map<string, SagaStepName>>;
    /** Inserts or moves sagas to these steps. */
    saveSagaSteps(rows: { orderId: string; step: SagaStepName }[]): Promise<void>;
  };

/** A saga-dlq event as the order service keeps it. */
export type DeadLetterRecord = {
  eventId: string;
  orderId: string;
  partition: number;
  offset: string;
  producer: string;
  causationId: string | null;
  occurredAt: Date;
  brokerTimestamp: Date;
  envelope: unknown;
};

export type OrderQueries = {
  list(query: z.output<typeof ListOrdersQuery>): Promise<OrderSummary[]>;
  get(orderId: string): Promise<OrderView | null>;
  /** Units per product and points per user held by COMPLETED orders (for the invariants). */
  holdings(): Promise<{
    units: Record<string, number>;
    paid: Record<string, number>;
    byStatus: Record<string, number>;
  }>;
};

export type DeadLetterQueries = { deadLetters(query: z.output<typeof DeadLetterQuery>): Promise<DeadLetterView[]> };

/** What the operator tools need: a dead letter, and the outbox for raw records. */
export type OperatorTx = {
  /** A dead letter the order service keeps, by its eventId. */
  deadLetter(eventId: string): Promise<{ orderId: string; envelope: Envelope<"saga-dlq"> } | null>;
  enqueueRecord(record: { topic: TopicName; key: string; value: string }): Promise<void>;
  markRepublished(dlqEventId: string): Promise<void>;
};

export type DeadLetterWriter = { recordDeadLetters(records: DeadLetterRecord[]): Promise<void> };

export type OrderUnitOfWork = UnitOfWork<OrderTx>;
