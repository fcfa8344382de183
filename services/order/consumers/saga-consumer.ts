// The order service's consumer group: one handler per topic it reacts to (completions and
// cancellations in runs), and the orchestrator's replies in runs.
import type { HandlerDeps } from "../../kit/application/inbox";
import { many, type TopicHandlers } from "../../kit/kafka/dispatch";
import type { OrderTx } from "../application/ports";
import { onSagaReplies } from "../application/orchestrator";
import { onPayCompletes, onSagaFailures } from "../application/saga-outcomes";

export function orderHandlers(deps: HandlerDeps<OrderTx>): TopicHandlers {
  return {
    "stock-decrease-fail": many((deliveries) => onSagaFailures(deps, deliveries)),
    "pay-complete": many((deliveries) => onPayCompletes(deps, deliveries)),
    "stock-restore": many((deliveries) => onSagaFailures(deps, deliveries)),
    // Orchestration mode: the participants' replies to the orchestrator's commands.
    "saga-reply": many((deliveries) => onSagaReplies(deps, deliveries)),
  };
}
