// The bank-transfer example's records: what another team's services would publish for one
// transfer, by outcome. Pure and deterministic by index, so tests know what each instance is.
export type Outcome = "completed" | "insufficient" | "credit-rejected" | "stuck" | "malformed";
export type Topics = { transfers: string; ledger: string };
export type PlannedRecord = { topic: string; key: string | null; value: string; headers?: Record<string, string> };

/** Out of every 20 transfers: 12 completed, 3 refused for funds, 3 rejected and compensated, 1 left stuck, 1 malformed. */
export function outcomeOf(i: number): Outcome {
  const r = i % 20;
  return r < 12 ? "completed" : r < 15 ? "insufficient" : r < 18 ? "credit-rejected" : r < 19 ? "stuck" : "malformed";
}

/** The event types of each outcome, in order; a malformed transfer publishes garbage instead. */
export const PATHS: Record<Exclude<Outcome, "malformed">, { type: string; topic: keyof Topics; reason?: string }[]> = {
  completed: [
    { type: "TransferRequested", topic: "transfers" },
    { type: "FundsReserved", topic: "transfers" },
    { type: "CreditApplied", topic: "ledger" },
    { type: "TransferCompleted", topic: "transfers" },
  ],
  insufficient: [
    { type: "TransferRequested", topic: "transfers" },
    { type: "InsufficientFunds", topic: "transfers" },
    { type: "TransferCancelled", topic: "transfers", reason: "INSUFFICIENT_FUNDS" },
  ],
  "credit-rejected": [
    { type: "TransferRequested", topic: "transfers" },
    { type: "FundsReserved", topic: "transfers" },
    { type: "CreditRejected", topic: "ledger" },
    { type: "FundsReleased", topic: "transfers" },
    { type: "TransferCancelled", topic: "transfers", reason: "CREDIT_REJECTED" },
  ],
  stuck: [
    { type: "TransferRequested", topic: "transfers" },
    { type: "FundsReserved", topic: "transfers" },
  ],
};

export const transferId = (run: string, i: number) => `tr-${run}-${String(i).padStart(6, "0")}`;

/** Every record of transfer i (the team keys them by account, not by transfer: ordering is theirs). */
export function transferRecords(run: string, i: number, topics: Topics): PlannedRecord[] {
  const id = transferId(run, i);
  const outcome = outcomeOf(i);
  const account = `acc-${i % 50}`;
  if (outcome === "malformed") {
    return [
      { topic: topics.transfers, key: account, value: `{"transferId": "${id}", "type": "TransferRequested"` }, // cut short: not JSON
      { topic: topics.transfers, key: account, value: JSON.stringify({ type: "TransferRequested", amount: 5 }) }, // no transferId
      {
        topic: topics.ledger,
        key: account,
        value: JSON.stringify({ transferId: id, type: "AuditNote", note: "not a step" }),
      }, // unmatched
    ];
  }
  return PATHS[outcome].map((s, n) => ({
    topic: topics[s.topic],
    key: account,
    value: JSON.stringify({
      transferId: id,
      type: s.type,
      ...(s.reason && { reason: s.reason }),
      seq: n,
      amount: 10 + (i % 90),
      from: account,
      to: `acc-${(i + 7) % 50}`,
    }),
    headers: { "x-producer": s.topic === "ledger" ? "credit-bank" : "debit-bank" },
  }));
}
