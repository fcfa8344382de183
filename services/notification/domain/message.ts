// Pure rules of the notification service: what the external platform is told, on which channel.
import type { CancelReason } from "../../../contracts";

export type Notice = {
  channel: "mail" | "alarm";
  orderStatus: "COMPLETED" | "CANCELLED";
  reason: CancelReason | null;
  message: string;
};

const REASON_TEXT: Record<CancelReason, string> = {
  OUT_OF_STOCK: "an item is out of stock",
  UNKNOWN_PRODUCT: "an item does not exist",
  INVALID_QUANTITY: "a quantity is not valid",
  INSUFFICIENT_BALANCE: "your point balance is too low",
  UNKNOWN_USER: "your account was not found",
  TIMEOUT: "it took too long to process",
};

export function completedNotice(orderId: string, totalAmount: number): Notice {
  return {
    channel: "mail",
    orderStatus: "COMPLETED",
    reason: null,
    message: `Order ${orderId} is confirmed: ${totalAmount} points paid.`,
  };
}

export function cancelledNotice(orderId: string, reason: CancelReason): Notice {
  return {
    channel: "alarm",
    orderStatus: "CANCELLED",
    reason,
    message: `Order ${orderId} was cancelled because ${REASON_TEXT[reason]}.`,
  };
}

/** The key the external platform dedupes deliveries on: one notice per order and final state. */
export function deliveryKey(orderId: string, orderStatus: Notice["orderStatus"]): string {
  return `${orderId}:${orderStatus}`;
}
