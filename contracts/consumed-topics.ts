// Which topics each service's own consumer group reads, in both modes (saga.md, topics table and
// Additions). The lag reader, the dashboard and the deployment test rely on it.
import type { ServiceName, TopicName } from "./topics";

export const INPUT_TOPICS: Record<ServiceName, TopicName[]> = {
  order: ["stock-decrease-fail", "pay-complete", "stock-restore", "saga-reply"],
  stock: ["order-create", "pay-fail", "order-cancel", "stock-command"],
  balance: ["stock-decrease", "order-cancel", "balance-command"],
  notification: ["order-complete", "order-cancel", "notification-command"],
};
