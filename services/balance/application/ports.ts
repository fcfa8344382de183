// What the balance use cases need from storage; infra/balance-store.ts implements it with Prisma.
import type { UserView } from "../../../contracts";
import type { InboxTx, UnitOfWork } from "../../kit/application/inbox";
import type { Account, Payment, PaymentStatus } from "../domain/balance";

export type BalanceTx = InboxTx & {
  lockAccount(userId: string): Promise<Account | null>;
  findPaymentForUpdate(orderId: string): Promise<Payment | null>;
  /** Applies a signed delta; the database refuses a negative balance. Returns the new balance. */
  adjustBalance(userId: string, delta: number): Promise<number>;
  savePayment(p: { orderId: string; userId: string; amount: number; status: PaymentStatus; reason: string | null }): Promise<void>;
};

export type BalanceQueries = { users(): Promise<UserView[]> };
export type BalanceUnitOfWork = UnitOfWork<BalanceTx>;
