import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SagaDetail, SagaSummary } from "../../contracts/sagas";
import { countText, lagText, rowSummary, sagaListRow } from "./sagaListRows";

const summary: SagaSummary = {
  name: "bank-transfer",
  title: "Bank transfer",
  builtIn: false,
  services: [
    { id: "api", label: "Transfer API" },
    { id: "ledger", label: "Ledger" },
  ],
  steps: [
    {
      id: "requested",
      topic: "transfers",
      from: "api",
      to: ["ledger"],
      toInferred: false,
      kind: "forward",
      ends: null,
      branch: null,
      after: [],
      starts: false,
    },
  ],
};

const detail = (counts: Partial<SagaDetail["counts"]>, remaining: number | null): SagaDetail => ({
  ...summary,
  counts: { RUNNING: 0, COMPLETED: 0, COMPENSATED: 0, FAILED: 0, CANCELLED: 0, STUCK: 0, ...counts },
  seen: {},
  unmatched: 0,
  uncorrelated: {},
  missingTopics: ["transfers"],
  refusedTopics: [{ topic: "ledger", reason: "TOPIC_AUTHORIZATION_FAILED" }],
  records: { total: 0, notJson: 0, notDecodable: 0, oversized: 0, matchCut: 0 },
  backlog: { remaining, readPerSecond: 0, etaSeconds: null },
});

describe("sagaListRow", () => {
  it("adds cancelled, failed and compensated up as failed, and says which", () => {
    const r = sagaListRow(summary, detail({ RUNNING: 4, STUCK: 2, COMPLETED: 9, CANCELLED: 1, COMPENSATED: 3 }, 120));
    assert.equal(r.running, 4);
    assert.equal(r.stuck, 2);
    assert.equal(r.completed, 9);
    assert.equal(r.failed, 4);
    assert.equal(r.failedParts, "Cancelled 1, Compensated 3");
    assert.equal(r.lag, 120);
    assert.deepEqual(r.missingTopics, ["transfers"]);
    assert.deepEqual(r.refusedTopics, ["ledger"]);
    assert.equal(r.services, "Transfer API, Ledger");
    assert.equal(r.steps, 1);
  });

  it("has no figures until the detail answers, and no lag until it is known", () => {
    const r = sagaListRow(summary, undefined);
    assert.equal(r.running, null);
    assert.equal(r.failed, null);
    assert.equal(r.lag, null);
    assert.equal(rowSummary(r), "Bank transfer: figures loading");
    assert.equal(sagaListRow(summary, detail({}, null)).lag, null);
    assert.equal(sagaListRow(summary, { ...detail({}, 5), backlog: undefined }).lag, null);
  });

  it("reads as one sentence for a screen reader", () => {
    const r = sagaListRow(summary, detail({ RUNNING: 1, FAILED: 2 }, 0));
    assert.equal(rowSummary(r), "Bank transfer: 1 running, 0 stuck, 2 failed, lag caught up");
  });
});

describe("countText and lagText", () => {
  it("show a dash while unknown", () => {
    assert.equal(countText(null), "–");
    assert.equal(lagText(null), "–");
  });
  it("show figures with thousands separators, and 0 lag as caught up", () => {
    assert.equal(countText(12345), "12,345");
    assert.equal(lagText(0), "caught up");
    assert.equal(lagText(2500), "2,500 records");
  });
});
