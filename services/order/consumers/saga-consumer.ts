// The order service's consumer group: one handler per topic it reacts to.
import type { HandlerDeps } from "../../kit/application/inbox";
import type { TopicHandlers } from "../../kit/kafka/consumer";
import type { OrderTx } from "../application/ports";
import { onPayComplete, onStockDecreaseFail, onStockRestore } from "../application/saga-outcomes";

export function orderHandlers(deps: HandlerDeps<OrderTx>): TopicHandlers {
  return {
    "stock-decrease-fail": async (event, ctx) => void (await onStockDecreaseFail(deps, event, ctx)),
    "pay-complete": async (event, ctx) => void (await onPayComplete(deps, event, ctx)),
    "stock-restore": async (event, ctx) => void (await onStockRestore(deps, event, ctx)),
  };
}
