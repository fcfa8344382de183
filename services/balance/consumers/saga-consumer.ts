// The balance service's consumer group: one handler per topic it reacts to.
import type { HandlerDeps } from "../../kit/application/inbox";
import type { TopicHandlers } from "../../kit/kafka/consumer";
import { onOrderCancel, onStockDecrease } from "../application/balance-steps";
import type { BalanceTx } from "../application/ports";

export function balanceHandlers(deps: HandlerDeps<BalanceTx>): TopicHandlers {
  return {
    "stock-decrease": async (event, ctx) => void (await onStockDecrease(deps, event, ctx)),
    "order-cancel": async (event, ctx) => void (await onOrderCancel(deps, event, ctx)),
  };
}
