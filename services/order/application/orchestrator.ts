// The saga orchestrator's use cases (orchestration mode): read the participants' replies, move
// each saga one step (orchestration.ts decides), change the order as choreography would, and
// send the next commands, all in the reply's transaction with its inbox record.
import type { Envelope, NewEvent, PricedItem, TopicName } from "../../../contracts";
import { follow, handleAllOnce, type HandlerDeps } from "../../kit/application/inbox";
import type { MessageContext } from "../../kit/kafka/message";
import {
  decideReply,
  decideTimeout,
  type Command,
  type OrchestratorDecision,
  type SagaStepName,
} from "../domain/orchestration";
import type { OrderState } from "../domain/order";
import type { OrderTx } from "./ports";

type Ctx = Pick<MessageContext, "receivedAt" | "traceparent">;
type Next = { event: NewEvent<TopicName>; headers?: Record<string, string>; traceparent?: string };

/** Applies the decisions of one transaction: steps, completions, cancellations, then the commands. */
async function apply(
  tx: OrderTx,
  decided: { order: OrderState; decision: OrchestratorDecision; commands: Next[] }[],
): Promise<void> {
  const steps: { orderId: string; step: SagaStepName }[] = [];
  const completed: { orderId: string; totalAmount: number; items: PricedItem[] }[] = [];
  const out: Next[] = [];
  for (const { order, decision, commands } of decided) {
    if (decision.kind !== "advance") continue;
    steps.push({ orderId: order.id, step: decision.step });
    if (decision.order?.kind === "complete")
      completed.push({ orderId: order.id, totalAmount: decision.order.totalAmount, items: decision.order.items });
    if (decision.order?.kind === "cancel")
      await tx.cancelAll([{ orderId: order.id, reason: decision.order.reason, detail: decision.order.detail }]);
    out.push(...commands);
  }
  await tx.saveSagaSteps(steps);
  await tx.completeAll(completed);
  await tx.enqueueAll(out);
}

/** A run of replies, set-based: sagas and orders locked once, each reply decided against the state the ones before it left. */
export function onSagaReplies(
  deps: HandlerDeps<OrderTx>,
  deliveries: { event: Envelope<"saga-reply">; ctx: Ctx }[],
): Promise<number> {
  return handleAllOnce(deps, deliveries, async (tx, todo) => {
    const ids = todo.map((d) => d.event.orderId);
    const orders = await tx.findAllForUpdate(ids);
    const sagas = await tx.findSagasForUpdate(ids);
    const decided: Parameters<typeof apply>[1] = [];
    for (const { event, ctx } of todo) {
      const order = orders.get(event.orderId) ?? null;
      const decision = decideReply(sagas.get(event.orderId) ?? null, order, event.payload);
      if (decision.kind !== "advance" || !order) continue;
      sagas.set(order.id, decision.step);
      if (decision.order)
        orders.set(order.id, { ...order, status: decision.order.kind === "complete" ? "COMPLETED" : "CANCELLED" });
      decided.push({
        order,
        decision,
        commands: decision.commands.map((c: Command) => follow(deps, event, ctx, c.topic, c.payload) as Next),
      });
    }
    await apply(tx, decided);
  });
}

/** The sweeper's time-out of an orchestrated saga, in the sweeper's transaction (the order is locked). */
export async function timeOutOrchestrated(
  deps: HandlerDeps<OrderTx>,
  tx: OrderTx,
  order: OrderState,
  detail: string,
  traceparent: string | undefined,
): Promise<boolean> {
  const decision = decideTimeout((await tx.findSagasForUpdate([order.id])).get(order.id) ?? null, order, detail);
  if (decision.kind !== "advance") return false;
  const commands = decision.commands.map((c): Next => ({
    event: {
      eventId: deps.newId(),
      type: c.topic,
      orderId: order.id,
      causationId: null,
      producer: deps.service,
      occurredAt: deps.now(),
      payload: c.payload,
    },
    traceparent,
  }));
  await apply(tx, [{ order, decision, commands }]);
  return true;
}
