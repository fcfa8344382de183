// One sentence on what happened to the order and why, taken from the saga's own events (a
// reply's result in orchestration).
import type { CancelReason } from "../../../contracts/topics";
import { outcomeOf } from "../../../shared/eventEdges";
import type { Journey, Outcome } from "../../_lib/journey";
import { reasonText } from "../../_lib/topology";

function failureDetail(j: Journey): string | null {
  for (const s of j.steps) {
    const e = outcomeOf(s.step.envelope);
    if (e?.type === "stock-decrease-fail")
      return `Stock service could not take the stock${e.payload.productId ? ` of ${e.payload.productId}` : ""}: ${e.payload.detail}.`;
    if (e?.type === "pay-fail")
      return `Balance service could not deduct ${e.payload.amount} points: ${e.payload.detail}.`;
  }
  return null;
}

export function Summary({
  journey,
  status,
  reason,
  detail,
}: {
  journey: Journey;
  status: Outcome;
  reason: CancelReason | null;
  detail: string | null;
}) {
  let text: string;
  if (status === "COMPLETED")
    text = "Completed: stock taken, points deducted, order completed and the external platform told.";
  else if (status === "CANCELLED") {
    const why = failureDetail(journey) ?? detail ?? "";
    const undo = [
      journey.nodes.stock === "compensated" ? " The stock taken for it was put back." : "",
      journey.nodes.balance === "compensated" ? " The points paid for it were refunded." : "",
    ].join("");
    text = `Cancelled: ${reasonText(reason)}. ${why}${undo}`.trim();
  } else text = `In flight (${journey.branch}).`;
  return (
    <p className="panel" aria-label="Summary">
      <strong>Path: {journey.branch}.</strong> {text}
    </p>
  );
}
