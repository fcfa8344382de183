// 외부플랫폼_TX: tell the external platform about the order's final state, record it and publish
// notification-send, all in one transaction. The platform call carries a delivery key (one per
// order and final state) that the platform dedupes on: a batch that rolls back after delivering
// delivers again with the same key on the redo, so the person is told once. A failure here never
// touches the order: it is retried.
import type { Envelope } from "../../../contracts";
import { follow, handleOnce, type HandlerDeps, type HandleOutcome } from "../../kit/application/inbox";
import type { MessageContext } from "../../kit/kafka/consumer";
import { cancelledNotice, completedNotice, deliveryKey, type Notice } from "../domain/message";
import type { ExternalPlatform, NotificationTx } from "./ports";

type Ctx = Pick<MessageContext, "receivedAt">;
export type NotifyDeps = HandlerDeps<NotificationTx> & { platform: ExternalPlatform };

function notify(deps: NotifyDeps, event: Envelope, ctx: Ctx, userId: string, notice: Notice): Promise<HandleOutcome> {
  return handleOnce(deps, event, async (tx) => {
    const next = follow(deps, event, ctx, "notification-send", { userId, ...notice });
    // Recorded first: a notice already recorded (a second event for the same final state) is not sent again.
    if (!(await tx.recordNotice({ ...notice, id: next.event.eventId, orderId: event.orderId, userId }))) return;
    await deps.platform.deliver({ key: deliveryKey(event.orderId, notice.orderStatus), orderId: event.orderId, userId, notice });
    await tx.enqueue(next.event, next.headers);
  });
}

export function onOrderComplete(deps: NotifyDeps, event: Envelope<"order-complete">, ctx: Ctx): Promise<HandleOutcome> {
  return notify(deps, event, ctx, event.payload.userId, completedNotice(event.orderId, event.payload.totalAmount));
}

export function onOrderCancel(deps: NotifyDeps, event: Envelope<"order-cancel">, ctx: Ctx): Promise<HandleOutcome> {
  return notify(deps, event, ctx, event.payload.userId, cancelledNotice(event.orderId, event.payload.reason));
}
