import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { recordFields } from "./fields";
import { stepParts, subSplit, typeField, withoutLoneParts } from "./step-types";
import { fielded, instances } from "./testing";

const summary = (parts: ReturnType<typeof stepParts>) =>
  parts.map((p) => [p.topic, p.type?.value ?? null, p.sub?.value ?? null, p.records.length]).sort();

describe("step types per topic", () => {
  it("takes a field named like a type, not another category", () => {
    const rs = [0, 1, 2, 3, 4, 5].map((i) =>
      fielded("t", i, { id: `a${i % 3}`, status: i % 2 ? "PAID" : "NEW", currency: i % 3 ? "EUR" : "USD" }),
    );
    assert.equal(typeField(rs, "path:id"), "path:status");
  });

  it("prefers the finest of several: an outcome that tells its producer", () => {
    const outcomes = ["stock-ok", "stock-fail", "pay-ok", "pay-fail"];
    const rs = Array.from({ length: 16 }, (_, i) => {
      const outcome = outcomes[i % 4]!;
      return fielded("t", i, { id: `a${i % 5}`, serviceType: outcome.split("-")[0], payload: { outcome } });
    });
    assert.equal(typeField(rs, "path:id"), "path:payload.outcome");
  });

  it("makes one step of each topic when the topics mostly carry one event each", () => {
    const records = instances(10, (i) => [
      ["created", { type: "created" }],
      ["notified", { type: "notified", orderStatus: i % 2 ? "COMPLETED" : "CANCELLED" }],
      ["shipped", { type: "shipped" }],
    ]).map(recordFields);
    assert.deepEqual(summary(stepParts(records, "path:id")), [
      ["created", null, null, 10],
      ["notified", null, null, 10],
      ["shipped", null, null, 10],
    ]);
  });

  it("splits a type that ends instances by a second field when its values go through different steps, not otherwise", () => {
    const records = instances(20, (i) =>
      i % 2
        ? [
            ["t", { type: "Requested", currency: i % 4 === 1 ? "EUR" : "USD" }],
            ["t", { type: "NoFunds" }],
            ["t", { type: "Cancelled", reason: "FUNDS", currency: i % 4 === 1 ? "EUR" : "USD" }],
          ]
        : [
            ["t", { type: "Requested", currency: i % 4 === 0 ? "EUR" : "USD" }],
            ["l", { type: "Rejected" }],
            ["t", { type: "Cancelled", reason: "REJECTED", currency: i % 4 === 0 ? "EUR" : "USD" }],
          ],
    ).map(recordFields);
    const parts = stepParts(records, "path:id");
    const cancelled = parts.findIndex((p) => p.type?.value === "Cancelled");
    assert.equal(summary(subSplit(parts, "path:id", () => false)).length, 4, "not in the middle of instances");
    assert.deepEqual(summary(subSplit(parts, "path:id", (i) => i === cancelled)), [
      ["l", null, null, 10],
      ["t", "Cancelled", "FUNDS", 10],
      ["t", "Cancelled", "REJECTED", 10],
      ["t", "NoFunds", null, 10],
      ["t", "Requested", null, 20],
    ]);
  });

  it("leaves out a type whose records stand alone in their instances", () => {
    const records = [
      ...instances(10, () => [
        ["t", { type: "Requested" }],
        ["t", { type: "Done" }],
      ]),
      ...[0, 1, 2].map((i) => ({
        ...instances(1, () => [["t", { type: "AuditNote" }]])[0]!,
        value: { id: `lone-${i}`, type: "AuditNote" },
      })),
    ].map(recordFields);
    const { kept, lone } = withoutLoneParts(stepParts(records, "path:id"), "path:id");
    assert.deepEqual(summary(kept), [
      ["t", "Done", null, 10],
      ["t", "Requested", null, 10],
    ]);
    assert.deepEqual(summary(lone), [["t", "AuditNote", null, 3]]);
  });
});
