// 주문처리_TX: store the order as PENDING and, in the same transaction, its order-create event.
// With an Idempotency-Key, a retried request gets the order the first one created, once.
// Requests that arrive together are stored together (one transaction, a few statements).
import { createHash } from "node:crypto";
import { CreateOrderRequest, fieldErrors, storableText, type CreateOrderResponse, type OrderItem } from "../../../contracts";
import { createBatcher } from "../../kit/application/batcher";
import type { HandlerDeps } from "../../kit/application/inbox";
import { SagaError } from "../../kit/errors";
import { normalizeItems } from "../domain/order";
import type { OrderTx } from "./ports";
import type { SagaRecorder } from "./saga-observer";

/** `traceparent`: the request's span (tracing on), kept with the order and its order-create event. */
type Placement = { id: string; userId: string; items: OrderItem[]; retryKey?: { key: string; requestHash: string }; traceparent?: string };

function checkRetryKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (key.length < 1 || key.length > 200 || !storableText(key)) {
    throw new SagaError("VALIDATION_FAILED", "the Idempotency-Key header is not valid", {
      details: [{ field: "Idempotency-Key", message: "1 to 200 characters of well-formed text" }],
    });
  }
  return key;
}

/** Validates a request and gives the order its id; nothing is stored yet. */
function prepare(deps: HandlerDeps<OrderTx>, body: unknown, idempotencyKey?: string, traceparent?: string): Placement {
  const parsed = CreateOrderRequest.safeParse(body);
  if (!parsed.success) {
    throw new SagaError("VALIDATION_FAILED", "the order is not valid", { details: fieldErrors(parsed.error) });
  }
  const key = checkRetryKey(idempotencyKey);
  const items = normalizeItems(parsed.data.items);
  const requestHash = createHash("sha256").update(JSON.stringify({ userId: parsed.data.userId, items })).digest("hex");
  return { id: deps.newId(), userId: parsed.data.userId, items, retryKey: key ? { key, requestHash } : undefined, traceparent };
}

/** Stores orders and their order-create events in one transaction. */
async function storeAll(deps: HandlerDeps<OrderTx>, placements: Placement[], sagas?: Pick<SagaRecorder, "started">): Promise<(CreateOrderResponse | "key reused")[]> {
  const stored = await deps.uow.run(async (tx) => {
    const outcomes = await tx.insertAll(placements);
    const created = placements.filter((_, i) => outcomes[i]!.inserted);
    await tx.enqueueAll(
      created.map((p) => ({
        event: { eventId: deps.newId(), type: "order-create", orderId: p.id, causationId: null, producer: "order", occurredAt: deps.now(), payload: { userId: p.userId, items: p.items } },
        traceparent: p.traceparent,
      })),
    );
    return outcomes;
  });
  if (stored.some((o) => o.inserted)) deps.published();
  sagas?.started(stored.filter((o) => o.inserted).length);
  return stored.map((o, i) => {
    if (o.inserted) return { orderId: placements[i]!.id, status: "PENDING" as const };
    // Answered per placement: a key reused with a different order is this caller's error only.
    if (o.requestHash !== placements[i]!.retryKey?.requestHash) return "key reused";
    return { orderId: o.orderId, status: "PENDING" as const };
  });
}

/** The order use case as the controller calls it: validate, then store with whatever arrived at the same moment. */
export function orderPlacer(deps: HandlerDeps<OrderTx>, sagas?: Pick<SagaRecorder, "started">): (body: unknown, idempotencyKey?: string, traceparent?: string) => Promise<CreateOrderResponse> {
  const store = createBatcher((placements: Placement[]) => storeAll(deps, placements, sagas));
  return async (body, idempotencyKey, traceparent) => {
    const answer = await store(prepare(deps, body, idempotencyKey, traceparent));
    if (answer === "key reused") throw new SagaError("CONFLICT", "this Idempotency-Key was used with a different order");
    return answer;
  };
}
