// Orchestration mode: the orchestrator's balance commands, served by the same use cases as the
// choreography events (a charge is a stock-decrease, a refund an order-cancel), answered on
// saga-reply. Charges run in runs as in choreography; refunds one at a time, in delivery order.
import type { HandlerDeps } from "../../kit/application/inbox";
import { asEvent, replyingDeps, runsBy } from "../../kit/application/replies";
import { many, type TopicHandlers } from "../../kit/kafka/dispatch";
import { onOrderCancel, onStockDecreases } from "../application/balance-steps";
import type { BalanceTx } from "../application/ports";

export function balanceCommandHandlers(deps: HandlerDeps<BalanceTx>): TopicHandlers {
  const replying = replyingDeps(deps);
  return {
    "balance-command": many(async (deliveries) => {
      for (const run of runsBy(deliveries, (d) => d.event.payload.action)) {
        if (run.kind === "charge") {
          await onStockDecreases(
            replying,
            run.items.flatMap(({ event, ctx }) => {
              const p = event.payload;
              return p.action === "charge"
                ? [
                    {
                      event: asEvent(event, "stock-decrease", {
                        userId: p.userId,
                        items: p.items,
                        totalAmount: p.amount,
                        stockLevels: [],
                      }),
                      ctx,
                    },
                  ]
                : [];
            }),
          );
          continue;
        }
        for (const { event, ctx } of run.items) {
          const p = event.payload;
          if (p.action === "refund")
            await onOrderCancel(
              replying,
              asEvent(event, "order-cancel", { userId: p.userId, reason: p.reason, detail: p.detail }),
              ctx,
            );
        }
      }
    }),
  };
}
