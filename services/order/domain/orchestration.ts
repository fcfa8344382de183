// Pure rules of the saga orchestrator (orchestration mode): from the saga's step and a
// participant's reply, the next step, what happens to the order and the commands to send. The
// order's own transitions are order.ts's, the same as in choreography.
import type { CancelReason, OrderItem, PayloadOf, PricedItem } from "../../../contracts";
import { onPaymentCompleted, onSagaFailed, type OrderState } from "./order";

/** Where an orchestrated saga stands: the reply it waits for, or DONE. */
export type SagaStepName = "TAKE_STOCK" | "CHARGE" | "RESTORE_STOCK" | "NOTIFY" | "DONE";

export type Command =
  | { topic: "stock-command"; payload: PayloadOf<"stock-command"> }
  | { topic: "balance-command"; payload: PayloadOf<"balance-command"> }
  | { topic: "notification-command"; payload: PayloadOf<"notification-command"> };

export type OrderChange =
  | { kind: "complete"; totalAmount: number; items: PricedItem[] }
  | { kind: "cancel"; reason: CancelReason; detail: string };

export type OrchestratorDecision =
  | { kind: "advance"; step: SagaStepName; order: OrderChange | null; commands: Command[] }
  | { kind: "ignore"; why: string };

export type Reply = PayloadOf<"saga-reply">;

/** The first command of a new saga. */
export function startSaga(userId: string, items: OrderItem[]): { step: SagaStepName; commands: Command[] } {
  return { step: "TAKE_STOCK", commands: [{ topic: "stock-command", payload: { action: "take", userId, items } }] };
}

const notify = (order: OrderState, change: OrderChange): Command => ({
  topic: "notification-command",
  payload:
    change.kind === "complete"
      ? { orderStatus: "COMPLETED", userId: order.userId, totalAmount: change.totalAmount }
      : { orderStatus: "CANCELLED", userId: order.userId, reason: change.reason },
});

/** Cancels the order (order.ts decides whether it still can) and tells the person. */
function cancelled(
  order: OrderState,
  reason: CancelReason,
  detail: string,
  before: Command[] = [],
): OrchestratorDecision {
  const t = onSagaFailed(order, reason);
  if (t.kind !== "cancel") return { kind: "ignore", why: t.kind === "ignore" ? t.why : "order cannot be cancelled" };
  const change: OrderChange = { kind: "cancel", reason, detail };
  return { kind: "advance", step: "NOTIFY", order: change, commands: [...before, notify(order, change)] };
}

/**
 * A participant's reply. Only the reply the saga waits for moves it; any other (a duplicate, or
 * a late answer to a saga the sweeper already cancelled, whose undo is queued behind it) is ignored.
 */
export function decideReply(step: SagaStepName | null, order: OrderState | null, reply: Reply): OrchestratorDecision {
  if (!step || !order) return { kind: "ignore", why: "no orchestrated saga for this order" };
  switch (`${step}:${reply.outcome}`) {
    case "TAKE_STOCK:stock-decrease": {
      const r = reply.result as PayloadOf<"stock-decrease">;
      return {
        kind: "advance",
        step: "CHARGE",
        order: null,
        commands: [
          {
            topic: "balance-command",
            payload: { action: "charge", userId: r.userId, amount: r.totalAmount, items: r.items },
          },
        ],
      };
    }
    case "TAKE_STOCK:stock-decrease-fail": {
      const r = reply.result as PayloadOf<"stock-decrease-fail">;
      return cancelled(order, r.reason, r.detail);
    }
    case "CHARGE:pay-complete": {
      const r = reply.result as PayloadOf<"pay-complete">;
      const t = onPaymentCompleted(order);
      if (t.kind !== "complete") return { kind: "ignore", why: t.kind === "ignore" ? t.why : "order cannot complete" };
      const change: OrderChange = { kind: "complete", totalAmount: r.amount, items: r.items };
      return { kind: "advance", step: "NOTIFY", order: change, commands: [notify(order, change)] };
    }
    case "CHARGE:pay-fail": {
      const r = reply.result as PayloadOf<"pay-fail">;
      return {
        kind: "advance",
        step: "RESTORE_STOCK",
        order: null,
        commands: [
          {
            topic: "stock-command",
            payload: { action: "restore", userId: order.userId, reason: r.reason, detail: r.detail },
          },
        ],
      };
    }
    case "RESTORE_STOCK:stock-restore": {
      const r = reply.result as PayloadOf<"stock-restore">;
      return cancelled(order, r.reason, r.detail);
    }
    case "NOTIFY:notification-send":
      return { kind: "advance", step: "DONE", order: null, commands: [] };
    default:
      return { kind: "ignore", why: `step ${step} does not wait for ${reply.outcome}` };
  }
}

/**
 * The sweeper's time-out: the order is cancelled and every participant is told to give back what
 * it may hold, in reverse order of the steps (points, then stock), without waiting: each undo is
 * idempotent and queued behind the forward command it undoes, on the same partition.
 */
export function decideTimeout(step: SagaStepName | null, order: OrderState, detail: string): OrchestratorDecision {
  if (step === "NOTIFY" || step === "DONE") return { kind: "ignore", why: `saga already at ${step}` };
  const reason: CancelReason = "TIMEOUT";
  return cancelled(order, reason, detail, [
    { topic: "balance-command", payload: { action: "refund", userId: order.userId, reason, detail } },
    { topic: "stock-command", payload: { action: "restore", userId: order.userId, reason, detail } },
  ]);
}
