// 주문처리_TX: store the order as PENDING and, in the same transaction, its order-create event.
// With an Idempotency-Key, a retried request gets the order the first one created, once.
// Requests that arrive together are stored together (one transaction, a few statements).
import { createHash } from "node:crypto";
import {
  CreateOrderRequest,
  fieldErrors,
  storableText,
  type CreateOrderResponse,
  type NewEvent,
  type OrderItem,
  type SagaMode,
  type TopicName,
} from "../../../contracts";
import { createBatcher } from "../../kit/application/batcher";
import type { HandlerDeps } from "../../kit/application/inbox";
import { SagaError } from "../../kit/errors";
import { startSaga } from "../domain/orchestration";
import { normalizeItems } from "../domain/order";
import type { OrderAdmission } from "./admission";
import type { OrderTx } from "./ports";

/** `traceparent`: the request's span (tracing on), kept with the order and its order-create event. */
type Placement = {
  id: string;
  userId: string;
  mode: SagaMode;
  items: OrderItem[];
  retryKey?: { key: string; requestHash: string };
  traceparent?: string;
};

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
  const { userId, mode } = parsed.data;
  // The mode is part of the request a retry key stands for (absent = choreography, as before).
  const requestHash = createHash("sha256")
    .update(JSON.stringify(mode === "choreography" ? { userId, items } : { userId, items, mode }))
    .digest("hex");
  return { id: deps.newId(), userId, mode, items, retryKey: key ? { key, requestHash } : undefined, traceparent };
}

/** The first event of a placed order: order-create in choreography, the orchestrator's first command otherwise. */
function firstEvent(deps: HandlerDeps<OrderTx>, p: Placement): NewEvent<TopicName> {
  const base = {
    eventId: deps.newId(),
    orderId: p.id,
    causationId: null,
    producer: "order" as const,
    occurredAt: deps.now(),
  };
  if (p.mode === "choreography")
    return { ...base, type: "order-create", payload: { userId: p.userId, items: p.items } };
  const [first] = startSaga(p.userId, p.items).commands;
  return { ...base, type: first!.topic, payload: first!.payload };
}

/** Counts the sagas started (infra/saga-starts.ts). */
export type SagaStarts = { started(count: number): void };

/** Stores orders, their sagas' first steps and their first events in one transaction. */
async function storeAll(
  deps: HandlerDeps<OrderTx>,
  placements: Placement[],
  sagas?: SagaStarts,
): Promise<(CreateOrderResponse | "key reused")[]> {
  const stored = await deps.uow.run(async (tx) => {
    const outcomes = await tx.insertAll(placements);
    const created = placements.filter((_, i) => outcomes[i]!.inserted);
    const orchestrated = created.filter((p) => p.mode === "orchestration");
    if (orchestrated.length > 0)
      await tx.saveSagaSteps(orchestrated.map((p) => ({ orderId: p.id, step: startSaga(p.userId, p.items).step })));
    await tx.enqueueAll(created.map((p) => ({ event: firstEvent(deps, p), traceparent: p.traceparent })));
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
export function orderPlacer(
  deps: HandlerDeps<OrderTx>,
  sagas?: SagaStarts,
  admission?: OrderAdmission,
): (body: unknown, idempotencyKey?: string, traceparent?: string) => Promise<CreateOrderResponse> {
  const store = createBatcher((placements: Placement[]) => storeAll(deps, placements, sagas));
  return async (body, idempotencyKey, traceparent) => {
    const placement = prepare(deps, body, idempotencyKey, traceparent);
    await admission?.check();
    const answer = await store(placement).finally(() => admission?.settled());
    if (answer === "key reused")
      throw new SagaError("CONFLICT", "this Idempotency-Key was used with a different order");
    return answer;
  };
}
