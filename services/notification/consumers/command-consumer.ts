// Orchestration mode: the orchestrator's notification command, served by the same use case as
// order-complete and order-cancel, answered on saga-reply with the notification-send it records.
import { asEvent, replyingDeps, runsBy } from "../../kit/application/replies";
import { many, type TopicHandlers } from "../../kit/kafka/dispatch";
import { onOrderCancels, onOrderCompletes, type NotifyDeps } from "../application/notify";

export function notificationCommandHandlers(deps: NotifyDeps): TopicHandlers {
  const replying = { ...replyingDeps(deps), platform: deps.platform };
  return {
    "notification-command": many(async (deliveries) => {
      for (const { items } of runsBy(deliveries, (d) => d.event.payload.orderStatus)) {
        const completed = items.flatMap(({ event, ctx }) => {
          const p = event.payload;
          return p.orderStatus === "COMPLETED"
            ? [
                {
                  event: asEvent(event, "order-complete", { userId: p.userId, totalAmount: p.totalAmount, items: [] }),
                  ctx,
                },
              ]
            : [];
        });
        const cancelled = items.flatMap(({ event, ctx }) => {
          const p = event.payload;
          return p.orderStatus === "CANCELLED"
            ? [{ event: asEvent(event, "order-cancel", { userId: p.userId, reason: p.reason, detail: "" }), ctx }]
            : [];
        });
        if (completed.length > 0) await onOrderCompletes(replying, completed);
        if (cancelled.length > 0) await onOrderCancels(replying, cancelled);
      }
    }),
  };
}
