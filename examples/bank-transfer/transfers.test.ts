// The example's plan: the mix of outcomes and the records of each.
import assert from "node:assert/strict";
import { it } from "node:test";
import { outcomeOf, transferRecords } from "./transfers";

const topics = { transfers: "t", ledger: "l" };

it("mixes outcomes 12:3:3:1:1 in every 20 transfers", () => {
  const n = new Map<string, number>();
  for (let i = 0; i < 40; i++) n.set(outcomeOf(i), (n.get(outcomeOf(i)) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(n), {
    completed: 24,
    insufficient: 6,
    "credit-rejected": 6,
    stuck: 2,
    malformed: 2,
  });
});

it("publishes a compensated transfer's events across both topics, and garbage for a malformed one", () => {
  const rejected = transferRecords("r", 15, topics);
  assert.deepEqual(
    rejected.map((r) => `${r.topic}:${JSON.parse(r.value).type}`),
    ["t:TransferRequested", "t:FundsReserved", "l:CreditRejected", "t:FundsReleased", "t:TransferCancelled"],
  );
  const bad = transferRecords("r", 19, topics);
  assert.throws(() => JSON.parse(bad[0]!.value));
  assert.equal(JSON.parse(bad[1]!.value).transferId, undefined);
});
