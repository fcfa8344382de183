// 외부플랫폼_TX: tell the external platform about the order's final state, then record it and
// publish notification-send. Delivery is at-least-once: a crash after delivering and before the
// commit delivers again on redelivery. A failure here never touches the order: it is retried.
import type { Envelope } from "../../../contracts";
import { follow, handleOnce, type HandlerDeps, type HandleOutcome } from "../../kit/application/inbox";
import type { MessageContext } from "../../kit/kafka/consumer";
import { cancelledNotice, completedNotice, type Notice } from "../domain/message";
import type { ExternalPlatform, NotificationQueries, NotificationTx } from "./ports";

type Ctx = Pick<MessageContext, "receivedAt">;
export type NotifyDeps = HandlerDeps<NotificationTx> & { platform: ExternalPlatform; queries: Pick<NotificationQueries, "wasSent"> };

async function notify(deps: NotifyDeps, event: Envelope, ctx: Ctx, userId: string, notice: Notice): Promise<HandleOutcome> {
  if (!(await deps.queries.wasSent(event.orderId, notice.orderStatus))) {
    await deps.platform.deliver(event.orderId, userId, notice);
  }
  return handleOnce(deps, event, async (tx) => {
    const next = follow(deps, event, ctx, "notification-send", { userId, ...notice });
    if (!(await tx.recordNotice({ ...notice, id: next.event.eventId, orderId: event.orderId, userId }))) return;
    await tx.enqueue(next.event, next.headers);
  });
}

export function onOrderComplete(deps: NotifyDeps, event: Envelope<"order-complete">, ctx: Ctx): Promise<HandleOutcome> {
  return notify(deps, event, ctx, event.payload.userId, completedNotice(event.orderId, event.payload.totalAmount));
}

export function onOrderCancel(deps: NotifyDeps, event: Envelope<"order-cancel">, ctx: Ctx): Promise<HandleOutcome> {
  return notify(deps, event, ctx, event.payload.userId, cancelledNotice(event.orderId, event.payload.reason));
}
