// The order service's consumer group: one handler per topic it reacts to (completions in runs,
// cancellations one at a time), and the orchestrator's replies in runs.
import type { HandlerDeps } from "../../kit/application/inbox";
import { each, many, type TopicHandlers } from "../../kit/kafka/dispatch";
import type { OrderTx } from "../application/ports";
import { onSagaReplies } from "../application/orchestrator";
import { onPayCompletes, onStockDecreaseFail, onStockRestore } from "../application/saga-outcomes";

export function orderHandlers(deps: HandlerDeps<OrderTx>): TopicHandlers {
  return {
    "stock-decrease-fail": each((event, ctx) => onStockDecreaseFail(deps, event, ctx)),
    "pay-complete": many((deliveries) => onPayCompletes(deps, deliveries)),
    "stock-restore": each((event, ctx) => onStockRestore(deps, event, ctx)),
    // Orchestration mode: the participants' replies to the orchestrator's commands.
    "saga-reply": many((deliveries) => onSagaReplies(deps, deliveries)),
  };
}
