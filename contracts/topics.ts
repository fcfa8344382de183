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

export const SAGA_MODES = ["choreography", "orchestration"] as const;
export const SagaMode = z.enum(SAGA_MODES);
export type SagaMode = z.infer<typeof SagaMode>;

const eventPayloads = {
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

/** The participants' answers an orchestrator reads on saga-reply: the event choreography would publish. */
export const REPLY_OUTCOMES = [
  "stock-decrease",
  "stock-decrease-fail",
  "stock-restore",
  "pay-complete",
  "pay-fail",
  "pay-refund",
  "notification-send",
] as const;
export type ReplyOutcome = (typeof REPLY_OUTCOMES)[number];
const reply = <T extends ReplyOutcome>(outcome: T) =>
  z.object({ outcome: z.literal(outcome), result: eventPayloads[outcome] });

/** Orchestration mode (saga.md, Additions): commands from the orchestrator, replies from the participants. */
const commandPayloads = {
  "stock-command": z.discriminatedUnion("action", [
    z.object({ action: z.literal("take"), userId: id, items: z.array(OrderItem).min(1).max(50) }),
    z.object({ action: z.literal("restore"), userId: id, reason: CancelReason, detail: text }),
  ]),
  "balance-command": z.discriminatedUnion("action", [
    z.object({ action: z.literal("charge"), userId: id, amount: money, items: z.array(PricedItem) }),
    z.object({ action: z.literal("refund"), userId: id, reason: CancelReason, detail: text }),
  ]),
  "notification-command": z.discriminatedUnion("orderStatus", [
    z.object({ orderStatus: z.literal("COMPLETED"), userId: id, totalAmount: money }),
    z.object({ orderStatus: z.literal("CANCELLED"), userId: id, reason: CancelReason }),
  ]),
  "saga-reply": z.discriminatedUnion("outcome", [
    reply("stock-decrease"),
    reply("stock-decrease-fail"),
    reply("stock-restore"),
    reply("pay-complete"),
    reply("pay-fail"),
    reply("pay-refund"),
    reply("notification-send"),
  ]),
} as const;

export const payloads = { ...eventPayloads, ...commandPayloads } as const;

export type TopicName = keyof typeof payloads;
export const TOPICS = Object.keys(payloads) as TopicName[];
export const TopicNameSchema = z.enum(TOPICS as [TopicName, ...TopicName[]]);
export type PayloadOf<T extends TopicName> = z.infer<(typeof payloads)[T]>;

/** Which service publishes each topic (saga-reply: every participant); a producer may only send its own topics. */
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
  "stock-command": "order",
  "balance-command": "order",
  "notification-command": "order",
  "saga-reply": ["stock", "balance", "notification"],
  "saga-dlq": null,
} as const satisfies Record<TopicName, ServiceName | readonly ServiceName[] | null>;

export function producesTopic(service: ServiceName, topic: TopicName): boolean {
  const p: ServiceName | readonly ServiceName[] | null = topicProducer[topic];
  return p === service || (Array.isArray(p) && p.includes(service));
}

/** Partitions of every topic, unless a deployment asks for another count (the provisioner's --partitions). */
export const TOPIC_PARTITIONS = 8;

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * How long the broker keeps each topic's records. The saga topics keep a week (Kafka's default),
 * enough to replay or audit recent sagas; dead letters keep a month, since an operator re-publishes
 * them (the order service copies each into its own table as it arrives).
 */
export const TOPIC_RETENTION_MS: Record<TopicName, number> = Object.fromEntries(
  TOPICS.map((t) => [t, t === "saga-dlq" ? 30 * DAY_MS : 7 * DAY_MS]),
) as Record<TopicName, number>;

/** One topic as the provisioner creates it (services/kit/kafka/topics.ts). */
export type TopicSpec = { topic: TopicName; name: string; partitions: number; retentionMs: number };

/** Every topic of the contract under `prefix`, as topics-as-code: what the provisioner creates. */
export function topicSpecs(prefix = "", partitions = TOPIC_PARTITIONS): TopicSpec[] {
  return TOPICS.map((topic) => ({
    topic,
    name: physicalTopic(topic, prefix),
    partitions,
    retentionMs: TOPIC_RETENTION_MS[topic],
  }));
}

/** A deployment (or a test) may prefix every topic so that runs do not see each other's events. */
export function physicalTopic(topic: TopicName, prefix = ""): string {
  return `${prefix}${topic}`;
}

export function logicalTopic(physical: string, prefix = ""): TopicName | null {
  if (!physical.startsWith(prefix)) return null;
  const parsed = TopicNameSchema.safeParse(physical.slice(prefix.length));
  return parsed.success ? parsed.data : null;
}

/** Where every service publishes what it cannot process (the order service keeps these). */
export const DEAD_LETTER_TOPIC = "saga-dlq" satisfies TopicName;
