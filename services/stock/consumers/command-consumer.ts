// Orchestration mode: the orchestrator's stock commands, served by the same use cases as the
// choreography events (a take is an order-create, a restore the compensation), answered on
// saga-reply. Takes run in runs as in choreography; restores one at a time, in delivery order.
import type { HandlerDeps } from "../../kit/application/inbox";
import { asEvent, replyingDeps, runsBy } from "../../kit/application/replies";
import { many, type TopicHandlers } from "../../kit/kafka/dispatch";
import type { StockTx } from "../application/ports";
import { onOrderCreates, restoreStock } from "../application/stock-steps";

export function stockCommandHandlers(deps: HandlerDeps<StockTx>): TopicHandlers {
  const replying = replyingDeps(deps);
  return {
    "stock-command": many(async (deliveries) => {
      for (const run of runsBy(deliveries, (d) => d.event.payload.action)) {
        if (run.kind === "take") {
          await onOrderCreates(
            replying,
            run.items.flatMap(({ event, ctx }) =>
              event.payload.action === "take"
                ? [
                    {
                      event: asEvent(event, "order-create", {
                        userId: event.payload.userId,
                        items: event.payload.items,
                      }),
                      ctx,
                    },
                  ]
                : [],
            ),
          );
          continue;
        }
        for (const { event, ctx } of run.items) {
          if (event.payload.action === "restore")
            await restoreStock(replying, event, ctx, event.payload.reason, event.payload.detail);
        }
      }
    }),
  };
}
