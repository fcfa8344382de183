// The public HTTP API of saga.md: request schemas shared by the order controller and the
// browser's form validation, and the response shapes every page reads.
import { z } from "zod";
import type { AnyEnvelope } from "./envelope";
import type { CancelReason, OrderStatus, SagaMode, ServiceName, TopicName } from "./topics";
import { OrderItem, OrderStatus as OrderStatusSchema, SagaMode as SagaModeSchema, storableText } from "./topics";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Order and event ids are UUIDs: a path id that is not one names nothing (404, no query). */
export const isUuid = (s: string): boolean => UUID.test(s);

/** Per product, as the order service merges duplicate lines; the topics' limit per line. */
const MAX_QUANTITY = 1_000_000;

export const CreateOrderRequest = z
  .object({
    userId: z
      .string()
      .trim()
      .min(1, "userId is required")
      .max(100)
      .refine(storableText, "userId must be well-formed text without NUL characters"),
    items: z
      .array(OrderItem)
      .min(1, "at least one item is required")
      .max(50, "at most 50 items")
      .superRefine((items, ctx) => {
        const total = new Map<string, number>();
        for (const i of items) total.set(i.productId, (total.get(i.productId) ?? 0) + i.quantity);
        for (const [productId, quantity] of total) {
          if (quantity > MAX_QUANTITY)
            ctx.addIssue({
              code: "custom",
              message: `${productId}: ${quantity} in all, at most ${MAX_QUANTITY} per product`,
            });
        }
      }),
    /** Which saga design carries the order (saga.md, Additions); choreography when absent. */
    mode: SagaModeSchema.default("choreography"),
  })
  .strict();
export type CreateOrderRequest = z.input<typeof CreateOrderRequest>;

export const ListOrdersQuery = z.object({
  status: OrderStatusSchema.optional(),
  mode: SagaModeSchema.optional(),
  reason: z.string().max(50).optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});

export type FieldError = { field: string; message: string };
export type ErrorBody = { error: string; message: string; fields?: FieldError[] };

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ field: i.path.join(".") || "(body)", message: i.message }));
}

export type CreateOrderResponse = { orderId: string; status: "PENDING" };

export type SagaStep = {
  eventId: string;
  topic: TopicName;
  partition: number;
  offset: string;
  producer: ServiceName;
  causationId: string | null;
  occurredAt: string;
  brokerTimestamp: string;
  /** When the consuming handler received the causing event (from the produced record's header). */
  causeConsumedAt: string | null;
  envelope: AnyEnvelope;
};

export type OrderSummary = {
  orderId: string;
  userId: string;
  mode: SagaMode;
  status: OrderStatus;
  reason: CancelReason | null;
  totalAmount: number | null;
  itemCount: number;
  createdAt: string;
  updatedAt: string;
};

export type OrderView = OrderSummary & {
  detail: string | null;
  items: { productId: string; quantity: number; unitPrice: number | null }[];
  steps: SagaStep[];
  /** Set by the web origin when the saga observer, which keeps every journey, did not answer. */
  journeyMissing?: string;
};

export type ProductView = { id: string; name: string; price: number; stock: number; initialStock: number };
export type UserView = { id: string; name: string; balance: number; initialBalance: number };

export type ServiceHealth = {
  status: "up" | "down";
  detail?: string;
  /** Events committed but not yet published by the service's outbox relay. */
  outboxDepth?: number;
  published?: number;
  deadLettered?: number;
  /** Records a read model could never store, set aside since the process started (parked_events). */
  parked?: number;
  /** Order service: orders refused with 503 + Retry-After since the process started (admission control). */
  shed?: number;
  /** The service's own database and the broker, as the service sees them. */
  database?: "up" | "down";
  broker?: "up" | "down";
  /** Operator-injected faults in force (see contracts/admin.ts). */
  faults?: import("./admin").FaultState;
};
export type ObserverHealth = { status: "up" | "down"; detail?: string };
export type HealthView = {
  status: "ok" | "degraded";
  kafka: { brokers: string[]; topicPrefix: string; embedded: boolean };
  services: Record<ServiceName, ServiceHealth>;
  /** The web process's live feed: "up" once its consumer group has joined (absent where no bridge runs). */
  liveFeed?: "connecting" | "up" | "down";
  /** The saga observer (services/observer), which answers /api/sagas (the web always reports it). */
  observer?: ObserverHealth;
  /** false with SAGASCOPE_DEMO=off: the four services are not run, and `status` does not wait for them. */
  demo?: boolean;
};
