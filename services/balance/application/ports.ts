// What the balance use cases need from storage; infra/balance-store.ts implements it with Prisma.
import type { UserView } from "../../../contracts";
import type { InboxTx, UnitOfWork } from "../../kit/application/inbox";
import type { Account, Payment, PaymentStatus } from "../domain/balance";

export type PaymentRow = {
  orderId: string;
  userId: string;
  amount: number;
  status: PaymentStatus;
  reason: string | null;
};

export type BalanceTx = InboxTx & {
  /** Locks the accounts in id order. */
  lockAccounts(userIds: string[]): Promise<Map<string, Account>>;
  /** Locks these orders (even those with no payment yet) and reads their payments. */
  findPaymentsForUpdate(orderIds: string[]): Promise<Map<string, Payment>>;
  /** Applies signed deltas (summed per user); the database refuses a negative balance. Returns the new balances. */
  adjustBalances(deltas: { userId: string; delta: number }[]): Promise<Map<string, number>>;
  /** Upserts payments; a later row for the same order wins. */
  savePayments(rows: PaymentRow[]): Promise<void>;
};

export type BalanceQueries = { users(): Promise<UserView[]> };
export type BalanceUnitOfWork = UnitOfWork<BalanceTx>;
