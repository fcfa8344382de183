// Pure rules of the balance service: whether an order can be paid, and what a cancellation
// must give back. Points are integers; a balance exactly equal to the price pays.
export type Account = { id: string; balance: number };
export type PaymentStatus = "PAID" | "REJECTED" | "REFUNDED" | "VOIDED";
export type Payment = { status: PaymentStatus; amount: number; userId: string };

export type PayDecision =
  | { kind: "pay"; amount: number; balanceAfter: number }
  | { kind: "reject"; reason: "INSUFFICIENT_BALANCE" | "UNKNOWN_USER"; detail: string }
  | { kind: "ignore"; why: string };

export function decidePayment(account: Account | null, amount: number, existing: Payment | null): PayDecision {
  if (existing) return { kind: "ignore", why: `payment already ${existing.status.toLowerCase()}` };
  if (!account) return { kind: "reject", reason: "UNKNOWN_USER", detail: "user does not exist" };
  if (!Number.isSafeInteger(amount) || amount < 0)
    return { kind: "reject", reason: "INSUFFICIENT_BALANCE", detail: `amount ${amount} is not payable` };
  if (account.balance < amount) {
    return { kind: "reject", reason: "INSUFFICIENT_BALANCE", detail: `balance ${account.balance} is below ${amount}` };
  }
  return { kind: "pay", amount, balanceAfter: account.balance - amount };
}

export type RefundDecision =
  { kind: "refund"; amount: number; userId: string } | { kind: "void" } | { kind: "ignore"; why: string };

/** Safe to run twice, and when nothing was paid (a tombstone then refuses a late payment). */
export function decideRefund(existing: Payment | null): RefundDecision {
  if (!existing) return { kind: "void" };
  if (existing.status === "PAID") return { kind: "refund", amount: existing.amount, userId: existing.userId };
  return { kind: "ignore", why: `payment already ${existing.status.toLowerCase()}` };
}
