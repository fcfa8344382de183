// What the observer must show for the bank-transfer example's transfers [0, n) (examples/bank-transfer/transfers.ts):
// each type's step, each outcome's status, and the saga's figures, worked out from the plan.
import { outcomeOf, PATHS } from "../../examples/bank-transfer/transfers";

const STEP_OF_TYPE: Record<string, string> = {
  TransferRequested: "transfer-requested",
  FundsReserved: "funds-reserved",
  InsufficientFunds: "insufficient-funds",
  CreditApplied: "credit-applied",
  CreditRejected: "credit-rejected",
  FundsReleased: "funds-released",
  TransferCompleted: "transfer-completed",
  TransferCancelled: "transfer-cancelled",
};
export const EXPECTED_STATUS = {
  completed: "COMPLETED",
  insufficient: "FAILED",
  "credit-rejected": "COMPENSATED",
  stuck: "STUCK",
} as const;

/** The step a planned record is: a cancellation refused for funds is `transfer-refused`. */
export const stepOf = (p: { type: string; reason?: string }): string =>
  p.reason === "INSUFFICIENT_FUNDS" ? "transfer-refused" : STEP_OF_TYPE[p.type]!;

/** Records the example publishes for transfers [0, n): a malformed transfer publishes 3. */
export const recordsOf = (n: number) =>
  Array.from({ length: n }, (_, i) => outcomeOf(i)).reduce((s, o) => s + (o === "malformed" ? 3 : PATHS[o].length), 0);

/** The saga's figures for transfers [0, n) before any time-out: a stuck transfer and a malformed one's note are RUNNING. */
export function expectedFigures(n: number, transfersTopic: string) {
  const counts = { RUNNING: 0, COMPLETED: 0, COMPENSATED: 0, FAILED: 0, CANCELLED: 0, STUCK: 0 };
  const seen: Record<string, number> = Object.fromEntries(
    [...Object.values(STEP_OF_TYPE), "transfer-refused"].map((s) => [s, 0]),
  );
  let malformed = 0;
  for (let i = 0; i < n; i++) {
    const o = outcomeOf(i);
    if (o === "malformed") {
      malformed++;
      counts.RUNNING++;
      continue;
    }
    counts[o === "stuck" ? "RUNNING" : EXPECTED_STATUS[o]]++;
    for (const p of PATHS[o]) seen[stepOf(p)]!++;
  }
  return {
    counts,
    seen,
    unmatched: malformed,
    uncorrelated: malformed > 0 ? { [transfersTopic]: 2 * malformed } : {},
    records: { total: recordsOf(n), notJson: malformed, notDecodable: 0, oversized: 0, matchCut: 0 },
  };
}
