// The saga's topics and their payloads (docs: ../../shared/design/saga.md). Every producer,
// consumer, the bridge and the browser import topic names and shapes from here only.
import { z } from "zod";

export const SERVICES = ["order", "stock", "balance", "notification"] as const;
export type ServiceName = (typeof SERVICES)[number];

export const CANCEL_REASONS = [
  "OUT_OF_STOCK",
  "UNKNOWN_PRODUCT",
  "INVALID_QUANTITY",
  "INSUFFICIENT_BALANCE",
  "UNKNOWN_USER",
  "TIMEOUT",
] as const;
export const CancelReason = z.enum(CANCEL_REASONS);
export type CancelReason = z.infer<typeof CancelReason>;

export const ORDER_STATUSES = ["PENDING", "COMPLETED", "CANCELLED"] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** Text PostgreSQL and JSON can store: no NUL, no lone UTF-16 surrogate (jsonb refuses both). */
export const storableText = (s: string) => s.isWellFormed() && !s.includes("\u0000");
/** The nearest storable text: lone surrogates and NULs become U+FFFD (for diagnostics, not for data). */
export const toStorableText = (s: string) => s.toWellFormed().replaceAll("\u0000", "\uFFFD");
export const SafeText = z.string().refine(storableText, "must be well-formed text without NUL characters");
export const SafeId = SafeText.min(1).max(100);
const text = SafeText;
const id = SafeId;
const quantity = z.number().int().positive().max(1_000_000);
const money = z.number().int().nonnegative();

export const OrderItem = z.object({ productId: id, quantity });
export const PricedItem = OrderItem.extend({ unitPrice: money, lineAmount: money });
export const StockLevel = z.object({ productId: id, stock: z.number().int().nonnegative() });
export type OrderItem = z.infer<typeof OrderItem>;
export type PricedItem = z.infer<typeof PricedItem>;
export type StockLevel = z.infer<typeof StockLevel>;

export const payloads = {
  "order-create": z.object({ userId: id, items: z.array(OrderItem).min(1).max(50) }),
  "stock-decrease": z.object({
    userId: id,
    items: z.array(PricedItem).min(1),
    totalAmount: money,
    stockLevels: z.array(StockLevel),
  }),
  "stock-decrease-fail": z.object({
    userId: id,
    reason: z.enum(["OUT_OF_STOCK", "UNKNOWN_PRODUCT", "INVALID_QUANTITY", "TIMEOUT"]),
    productId: id.nullable(),
    detail: text,
  }),
  "pay-complete": z.object({
    userId: id,
    amount: money,
    balanceAfter: money,
    items: z.array(PricedItem),
  }),
  "pay-fail": z.object({
    userId: id,
    amount: money,
    reason: z.enum(["INSUFFICIENT_BALANCE", "UNKNOWN_USER", "TIMEOUT"]),
    detail: text,
  }),
  "stock-restore": z.object({
    items: z.array(OrderItem),
    stockLevels: z.array(StockLevel),
    reason: CancelReason,
    detail: text,
  }),
  "order-complete": z.object({ userId: id, totalAmount: money, items: z.array(PricedItem) }),
  "order-cancel": z.object({ userId: id, reason: CancelReason, detail: text }),
  "notification-send": z.object({
    userId: id,
    channel: z.enum(["mail", "alarm"]),
    orderStatus: z.enum(["COMPLETED", "CANCELLED"]),
    reason: CancelReason.nullable(),
    message: text,
  }),
  "pay-refund": z.object({ userId: id, amount: money, balanceAfter: money }),
  "saga-dlq": z.object({
    service: z.enum(SERVICES),
    sourceTopic: z.string(),
    partition: z.number().int(),
    offset: z.string(),
    key: z.string().nullable(),
    attempts: z.number().int().nonnegative(),
    error: z.object({ code: z.string(), message: z.string() }),
    original: z.string(),
  }),
} as const;

export type TopicName = keyof typeof payloads;
export const TOPICS = Object.keys(payloads) as TopicName[];
export const TopicNameSchema = z.enum(TOPICS as [TopicName, ...TopicName[]]);
export type PayloadOf<T extends TopicName> = z.infer<(typeof payloads)[T]>;

/** Which service publishes each topic; a producer may only send its own topics. */
export const topicProducer = {
  "order-create": "order",
  "stock-decrease": "stock",
  "stock-decrease-fail": "stock",
  "pay-complete": "balance",
  "pay-fail": "balance",
  "stock-restore": "stock",
  "order-complete": "order",
  "order-cancel": "order",
  "notification-send": "notification",
  "pay-refund": "balance",
  "saga-dlq": null,
} as const satisfies Record<TopicName, ServiceName | null>;

/** Topics whose consumers undo or close a saga: their handlers are retried until they succeed,
 * never dead-lettered after retries (poison still is, at once). */
export const COMPENSATION_TOPICS: readonly TopicName[] = ["stock-decrease-fail", "pay-fail", "stock-restore", "order-cancel"];

/** The events that end a saga (the order service publishes one per order) and the status each records. */
export const SAGA_ENDINGS = { "order-complete": "COMPLETED", "order-cancel": "CANCELLED" } as const satisfies Partial<Record<TopicName, OrderStatus>>;

/** Partition counts for the embedded broker and for docker-compose's topic creation. */
export const TOPIC_PARTITIONS = 8;

/** A deployment (or a test) may prefix every topic so that runs do not see each other's events. */
export function physicalTopic(topic: TopicName, prefix = ""): string {
  return `${prefix}${topic}`;
}

export function logicalTopic(physical: string, prefix = ""): TopicName | null {
  if (!physical.startsWith(prefix)) return null;
  const parsed = TopicNameSchema.safeParse(physical.slice(prefix.length));
  return parsed.success ? parsed.data : null;
}
