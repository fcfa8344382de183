// 주문처리_TX: store the order as PENDING and, in the same transaction, its order-create event.
import { CreateOrderRequest, fieldErrors, type CreateOrderResponse } from "../../../contracts";
import type { HandlerDeps } from "../../kit/application/inbox";
import { SagaError } from "../../kit/errors";
import { normalizeItems } from "../domain/order";
import type { OrderTx } from "./ports";

export async function placeOrder(deps: HandlerDeps<OrderTx>, body: unknown): Promise<CreateOrderResponse> {
  const parsed = CreateOrderRequest.safeParse(body);
  if (!parsed.success) {
    throw new SagaError("VALIDATION_FAILED", "the order is not valid", { details: fieldErrors(parsed.error) });
  }
  const orderId = deps.newId();
  const items = normalizeItems(parsed.data.items);
  await deps.uow.run(async (tx) => {
    await tx.insert({ id: orderId, userId: parsed.data.userId, items });
    await tx.enqueue({
      eventId: deps.newId(),
      type: "order-create",
      orderId,
      causationId: null,
      producer: "order",
      occurredAt: deps.now(),
      payload: { userId: parsed.data.userId, items },
    });
  });
  deps.published();
  return { orderId, status: "PENDING" };
}
