// A watched saga instance's status in words ("Stuck"), coloured like the orders' badges.
import type { SagaInstanceStatus } from "../../../contracts/sagas";
import { STATUS_WORD } from "../../_lib/sagaInstances";

export function SagaStatusBadge({ status, live = false }: { status: SagaInstanceStatus; live?: boolean }) {
  const text = STATUS_WORD[status];
  return (
    <span
      className={`badge badge-${status.toLowerCase()}`}
      {...(live ? { role: "status", "aria-label": `Instance status: ${text}` } : {})}
    >
      {text}
    </span>
  );
}
