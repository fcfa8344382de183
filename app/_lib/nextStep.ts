// What a saga waits for next, from the edges one order has taken so far (edge ids, and
// "saga-dlq" once a message of it was dead-lettered), in each mode.
import type { ServiceName } from "../../contracts/topics";
import { edgeName, type EdgeId } from "../../shared/eventEdges";

export type Expectation = {
  /** The edges one of which should come next. */
  edges: EdgeId[];
  /** Their names in words ("pay-complete", "saga-reply (pay-fail)"). */
  steps: string[];
  service: ServiceName;
  what: string;
};

const expect = (edges: EdgeId[], service: ServiceName, what: string): Expectation => ({
  edges,
  steps: edges.map(edgeName),
  service,
  what,
});

export function nextInChoreography(seen: ReadonlySet<string>): Expectation | null {
  if (seen.has("notification-send") || seen.has("saga-dlq")) return null;
  if (seen.has("order-complete") || seen.has("order-cancel"))
    return expect(["notification-send"], "notification", "tell the external platform");
  if (seen.has("stock-restore")) return expect(["order-cancel"], "order", "cancel the order");
  if (seen.has("pay-fail")) return expect(["stock-restore"], "stock", "put the stock back");
  if (seen.has("pay-complete")) return expect(["order-complete"], "order", "complete the order");
  if (seen.has("stock-decrease-fail")) return expect(["order-cancel"], "order", "cancel the order");
  if (seen.has("stock-decrease")) return expect(["pay-complete", "pay-fail"], "balance", "deduct the points");
  if (seen.has("order-create")) return expect(["stock-decrease", "stock-decrease-fail"], "stock", "take the stock");
  return expect(["order-create"], "order", "publish the new order");
}

/** The orchestrator answers each reply with the next command; the participants answer commands. */
export function nextInOrchestration(seen: ReadonlySet<string>): Expectation | null {
  if (seen.has("saga-reply:notification-send") || seen.has("saga-dlq")) return null;
  if (seen.has("notification-command:completed") || seen.has("notification-command:cancelled"))
    return expect(["saga-reply:notification-send"], "notification", "tell the external platform");
  if (seen.has("saga-reply:stock-restore"))
    return expect(["notification-command:cancelled"], "order", "cancel the order and send the notice");
  if (seen.has("stock-command:restore")) return expect(["saga-reply:stock-restore"], "stock", "put the stock back");
  if (seen.has("saga-reply:pay-fail")) return expect(["stock-command:restore"], "order", "order the stock put back");
  if (seen.has("saga-reply:pay-complete"))
    return expect(["notification-command:completed"], "order", "complete the order and send the notice");
  if (seen.has("balance-command:charge"))
    return expect(["saga-reply:pay-complete", "saga-reply:pay-fail"], "balance", "deduct the points");
  if (seen.has("saga-reply:stock-decrease")) return expect(["balance-command:charge"], "order", "order the payment");
  if (seen.has("saga-reply:stock-decrease-fail"))
    return expect(["notification-command:cancelled"], "order", "cancel the order and send the notice");
  if (seen.has("stock-command:take"))
    return expect(["saga-reply:stock-decrease", "saga-reply:stock-decrease-fail"], "stock", "take the stock");
  return expect(["stock-command:take"], "order", "send the first command");
}
