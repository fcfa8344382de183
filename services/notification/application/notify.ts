// 외부플랫폼_TX: tell the external platform about the order's final state, record it and publish
// notification-send, all in one transaction. The platform call carries a delivery key (one per
// order and final state) that the platform dedupes on: a batch that rolls back after delivering
// delivers again with the same key on the redo, so the person is told once. A failure here never
// touches the order: it is retried.
import type { Envelope } from "../../../contracts";
import { follow, handleAllOnce, type HandlerDeps } from "../../kit/application/inbox";
import type { MessageContext } from "../../kit/kafka/message";
import { cancelledNotice, completedNotice, deliveryKey, type Notice } from "../domain/message";
import type { ExternalPlatform, NotificationTx } from "./ports";

type Ctx = Pick<MessageContext, "receivedAt" | "traceparent">;
export type NotifyDeps = HandlerDeps<NotificationTx> & { platform: ExternalPlatform };
type Told = { event: Envelope; ctx: Ctx; userId: string; notice: Notice };

/** Records, delivers and announces a run of notices; one insert and one outbox write for all. */
function notifyAll(deps: NotifyDeps, told: Told[]): Promise<number> {
  return handleAllOnce(deps, told, async (tx, todo) => {
    const planned = todo.map((t) => ({
      t,
      next: follow(deps, t.event, t.ctx, "notification-send", { userId: t.userId, ...t.notice }),
    }));
    // Recorded first: a notice already recorded (a second event for the same final state) is not sent again.
    const recorded = await tx.recordNotices(
      planned.map(({ t, next }) => ({
        ...t.notice,
        id: next.event.eventId,
        orderId: t.event.orderId,
        userId: t.userId,
      })),
    );
    const fresh = planned.filter(({ next }) => recorded.has(next.event.eventId));
    for (const { t } of fresh) {
      await deps.platform.deliver({
        key: deliveryKey(t.event.orderId, t.notice.orderStatus),
        orderId: t.event.orderId,
        userId: t.userId,
        notice: t.notice,
      });
    }
    await tx.enqueueAll(fresh.map(({ next }) => next));
  });
}

export function onOrderCompletes(
  deps: NotifyDeps,
  deliveries: { event: Envelope<"order-complete">; ctx: Ctx }[],
): Promise<number> {
  return notifyAll(
    deps,
    deliveries.map(({ event, ctx }) => ({
      event,
      ctx,
      userId: event.payload.userId,
      notice: completedNotice(event.orderId, event.payload.totalAmount),
    })),
  );
}

export function onOrderCancels(
  deps: NotifyDeps,
  deliveries: { event: Envelope<"order-cancel">; ctx: Ctx }[],
): Promise<number> {
  return notifyAll(
    deps,
    deliveries.map(({ event, ctx }) => ({
      event,
      ctx,
      userId: event.payload.userId,
      notice: cancelledNotice(event.orderId, event.payload.reason),
    })),
  );
}
