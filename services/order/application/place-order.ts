// 주문처리_TX: store the order as PENDING and, in the same transaction, its order-create event.
// With an Idempotency-Key, a retried request gets the order the first one created, once.
import { createHash } from "node:crypto";
import { CreateOrderRequest, fieldErrors, storableText, type CreateOrderResponse } from "../../../contracts";
import type { HandlerDeps } from "../../kit/application/inbox";
import { SagaError } from "../../kit/errors";
import { normalizeItems } from "../domain/order";
import type { OrderTx } from "./ports";

function checkRetryKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (key.length < 1 || key.length > 200 || !storableText(key)) {
    throw new SagaError("VALIDATION_FAILED", "the Idempotency-Key header is not valid", {
      details: [{ field: "Idempotency-Key", message: "1 to 200 characters of well-formed text" }],
    });
  }
  return key;
}

export async function placeOrder(deps: HandlerDeps<OrderTx>, body: unknown, idempotencyKey?: string): Promise<CreateOrderResponse> {
  const parsed = CreateOrderRequest.safeParse(body);
  if (!parsed.success) {
    throw new SagaError("VALIDATION_FAILED", "the order is not valid", { details: fieldErrors(parsed.error) });
  }
  const key = checkRetryKey(idempotencyKey);
  const items = normalizeItems(parsed.data.items);
  const requestHash = createHash("sha256").update(JSON.stringify({ userId: parsed.data.userId, items })).digest("hex");
  const orderId = deps.newId();
  const outcome = await deps.uow.run(async (tx) => {
    const stored = await tx.insert({ id: orderId, userId: parsed.data.userId, items, retryKey: key ? { key, requestHash } : undefined });
    if (!stored.inserted) return stored;
    await tx.enqueue({
      eventId: deps.newId(),
      type: "order-create",
      orderId,
      causationId: null,
      producer: "order",
      occurredAt: deps.now(),
      payload: { userId: parsed.data.userId, items },
    });
    return stored;
  });
  if (!outcome.inserted) {
    if (outcome.requestHash !== requestHash) throw new SagaError("CONFLICT", "this Idempotency-Key was used with a different order");
    return { orderId: outcome.orderId, status: "PENDING" };
  }
  deps.published();
  return { orderId, status: "PENDING" };
}
