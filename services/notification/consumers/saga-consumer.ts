// The notification service's consumer group: final states, in runs.
import { many, type TopicHandlers } from "../../kit/kafka/dispatch";
import { onOrderCancels, onOrderCompletes, type NotifyDeps } from "../application/notify";

export function notificationHandlers(deps: NotifyDeps): TopicHandlers {
  return {
    "order-complete": many((deliveries) => onOrderCompletes(deps, deliveries)),
    "order-cancel": many((deliveries) => onOrderCancels(deps, deliveries)),
  };
}
