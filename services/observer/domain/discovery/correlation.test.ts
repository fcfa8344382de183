import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rankCorrelations, uncoveredTopics } from "./correlation";
import { recordFields } from "./fields";
import { instances } from "./testing";

describe("ranking correlation fields", () => {
  const records = instances(60, (i) => [
    ["purchases", { type: "Placed", eventId: `e-${i}-0`, region: "eu" }],
    ["payments", { type: i % 2 ? "Paid" : "Failed", eventId: `e-${i}-1`, region: "eu" }],
  ]).map(recordFields);

  it("puts the field whose values recur across topics, each for a short time, first", () => {
    const ranked = rankCorrelations(records);
    assert.equal(ranked[0]?.field, "id");
    assert.equal(ranked[0]?.source, "path");
    assert.equal(ranked[0]?.instances, 60);
    assert.deepEqual(ranked[0]?.topics, ["payments", "purchases"]);
    assert.ok(ranked[0]!.score > 0.9, String(ranked[0]!.score));
    // The customer recurs too, but each lives the whole sample.
    const customer = ranked.find((c) => c.field === "customer")!;
    assert.ok(customer.score < ranked[0]!.score / 3, String(customer.score));
  });

  it("leaves out constant and unique fields", () => {
    const fields = rankCorrelations(records).map((c) => c.field);
    assert.ok(!fields.includes("region"), "constant");
    assert.ok(!fields.includes("eventId"), "unique per record");
  });

  it("names the topics a field is missing from", () => {
    const best = rankCorrelations(records).find((c) => c.field === "id")!;
    assert.deepEqual(uncoveredTopics(best), []);
  });
});
