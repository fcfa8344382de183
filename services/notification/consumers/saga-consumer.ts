// The notification service's consumer group: one handler per topic it reacts to.
import type { TopicHandlers } from "../../kit/kafka/consumer";
import { onOrderCancel, onOrderComplete, type NotifyDeps } from "../application/notify";

export function notificationHandlers(deps: NotifyDeps): TopicHandlers {
  return {
    "order-complete": async (event, ctx) => void (await onOrderComplete(deps, event, ctx)),
    "order-cancel": async (event, ctx) => void (await onOrderCancel(deps, event, ctx)),
  };
}
