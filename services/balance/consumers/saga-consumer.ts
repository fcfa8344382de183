// The balance service's consumer group: one handler per topic it reacts to (payments in runs,
// refunds one at a time).
import type { HandlerDeps } from "../../kit/application/inbox";
import { each, many, type TopicHandlers } from "../../kit/kafka/dispatch";
import { onOrderCancel, onStockDecreases } from "../application/balance-steps";
import type { BalanceTx } from "../application/ports";

export function balanceHandlers(deps: HandlerDeps<BalanceTx>): TopicHandlers {
  return {
    "stock-decrease": many((deliveries) => onStockDecreases(deps, deliveries)),
    "order-cancel": each((event, ctx) => onOrderCancel(deps, event, ctx)),
  };
}
