// An order's status in words, e.g. "Cancelled: insufficient balance".
import type { CancelReason, OrderStatus } from "../../contracts/topics";
import { reasonText } from "../_lib/topology";

export function statusText(status: OrderStatus, reason: CancelReason | string | null): string {
  if (status === "COMPLETED") return "Completed";
  if (status === "CANCELLED") return `Cancelled: ${reasonText(reason)}`;
  return "Pending";
}

export function StatusBadge({
  status,
  reason,
  live = false,
}: {
  status: OrderStatus;
  reason: CancelReason | string | null;
  live?: boolean;
}) {
  const text = statusText(status, reason);
  return (
    <span
      className={`badge badge-${status.toLowerCase()}`}
      {...(live ? { role: "status", "aria-label": `Order status: ${text}` } : {})}
    >
      {text}
    </span>
  );
}
