// The order service's consumer group: one handler per topic it reacts to (completions in runs,
// cancellations one at a time).
import type { HandlerDeps } from "../../kit/application/inbox";
import { each, many, type TopicHandlers } from "../../kit/kafka/dispatch";
import type { OrderTx } from "../application/ports";
import { onPayCompletes, onStockDecreaseFail, onStockRestore } from "../application/saga-outcomes";

export function orderHandlers(deps: HandlerDeps<OrderTx>): TopicHandlers {
  return {
    "stock-decrease-fail": each((event, ctx) => onStockDecreaseFail(deps, event, ctx)),
    "pay-complete": many((deliveries) => onPayCompletes(deps, deliveries)),
    "stock-restore": each((event, ctx) => onStockRestore(deps, event, ctx)),
  };
}
