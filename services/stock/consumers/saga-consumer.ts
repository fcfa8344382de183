// The stock service's consumer group: one handler per topic it reacts to (orders to take in
// runs, compensations one at a time).
import type { HandlerDeps } from "../../kit/application/inbox";
import { each, many, type TopicHandlers } from "../../kit/kafka/dispatch";
import type { StockTx } from "../application/ports";
import { onOrderCancel, onOrderCreates, onPayFail } from "../application/stock-steps";

export function stockHandlers(deps: HandlerDeps<StockTx>): TopicHandlers {
  return {
    "order-create": many((deliveries) => onOrderCreates(deps, deliveries)),
    "pay-fail": each((event, ctx) => onPayFail(deps, event, ctx)),
    "order-cancel": each((event, ctx) => onOrderCancel(deps, event, ctx)),
  };
}
