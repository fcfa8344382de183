// What the saga waits for while the order is in flight, and how long that is overdue.
import type { Journey } from "../../_lib/journey";
import { HOP_BUDGET_MS } from "../../_lib/journey";
import { formatMs } from "../../../contracts/timings";
import { SERVICE_LABEL } from "../../_lib/topology";

export function NextStep({ journey }: { journey: Journey }) {
  const x = journey.expected;
  if (!x) {
    return (
      <p className="small muted" aria-label="Next step">
        {journey.branch === "dead-lettered"
          ? "A message of this order was dead-lettered: an operator has to look at saga-dlq."
          : "Nothing more to do: the saga has finished."}
      </p>
    );
  }
  const overdue = x.overdueMs > 0;
  return (
    <p className={overdue ? "notice" : "small"} role="status" aria-label="Next step">
      Next: {SERVICE_LABEL[x.service]} should {x.what} ({x.steps.join(" or ")}). Waiting {formatMs(x.waitedMs)}
      {overdue ? ` — overdue by ${formatMs(x.overdueMs)} (expected within ${formatMs(HOP_BUDGET_MS)})` : ""}.
    </p>
  );
}
