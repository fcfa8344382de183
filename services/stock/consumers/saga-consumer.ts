// The stock service's consumer group: one handler per topic it reacts to.
import type { HandlerDeps } from "../../kit/application/inbox";
import type { TopicHandlers } from "../../kit/kafka/consumer";
import type { StockTx } from "../application/ports";
import { onOrderCancel, onOrderCreate, onPayFail } from "../application/stock-steps";

export function stockHandlers(deps: HandlerDeps<StockTx>): TopicHandlers {
  return {
    "order-create": async (event, ctx) => void (await onOrderCreate(deps, event, ctx)),
    "pay-fail": async (event, ctx) => void (await onPayFail(deps, event, ctx)),
    "order-cancel": async (event, ctx) => void (await onOrderCancel(deps, event, ctx)),
  };
}
