import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDefinition } from "../../../../contracts/sagas";
import { proposeDefinition } from "./propose";
import { instances, sampled } from "./testing";

const base = { missing: [], unreadable: {}, groups: [] };

describe("proposing a definition", () => {
  const records = instances(40, (i) => [
    ["acme.purchases", { type: "OrderPlaced" }],
    ["acme.payments", { type: i % 4 ? "PaymentTaken" : "PaymentFailed" }],
    ["acme.purchases", { type: i % 4 ? "OrderCompleted" : "OrderCancelled" }],
  ]);

  it("proposes a valid definition: correlation, typed steps, endings, consumers from the groups", () => {
    const p = proposeDefinition({
      ...base,
      topics: ["acme.purchases", "acme.payments"],
      records,
      groups: [
        { groupId: "payments-svc", topics: ["acme.purchases"] },
        { groupId: "acme.shipping", topics: ["acme.payments"] },
      ],
    });
    assert.ok(p.definition, JSON.stringify(p.evidence.problems));
    assert.deepEqual(p.definition.correlation, { path: "id" });
    assert.equal(p.definition.name, "acme-saga");
    const steps = Object.fromEntries(p.definition.steps.map((s) => [s.id, s]));
    assert.deepEqual(Object.keys(steps).sort(), [
      "order-cancelled",
      "order-completed",
      "order-placed",
      "payment-failed",
      "payment-taken",
    ]);
    assert.equal(steps["order-completed"]!.ends, "COMPLETED");
    assert.equal(steps["order-cancelled"]!.ends, "CANCELLED");
    assert.equal(steps["payment-failed"]!.kind, "failure");
    assert.deepEqual(steps["order-placed"]!.match, { path: "type", equals: "OrderPlaced" });
    assert.equal(p.definition.steps[0]!.id, "order-placed");
    const placed = p.evidence.steps.find((s) => s.id === "order-placed")!;
    assert.deepEqual([placed.records, placed.to, placed.from], [40, ["payments-svc"], "purchases"]);
    // A group under the topics' prefix is named without it.
    assert.deepEqual(p.evidence.steps.find((s) => s.id === "payment-taken")!.to, ["shipping"]);
    assert.equal(p.evidence.instances, 40);
    assert.deepEqual(p.evidence.sampled, { "acme.purchases": 80, "acme.payments": 40 });
    assert.ok(parseDefinition(JSON.stringify(p.written)).ok);
  });

  it("says which topics the correlation does not cover, and which do not exist", () => {
    const other = Array.from({ length: 10 }, (_, i) => sampled("acme.audit", 1_000_000 + i, { note: `n${i}` }));
    const p = proposeDefinition({
      ...base,
      topics: ["acme.purchases", "acme.payments", "acme.audit"],
      missing: ["acme.gone"],
      records: [...records, ...other],
    });
    assert.ok(p.definition);
    assert.ok(
      p.evidence.problems.some((m) => m.includes("acme.audit") && m.includes("id")),
      JSON.stringify(p.evidence.problems),
    );
    assert.ok(p.evidence.problems.includes("topic acme.gone does not exist"));
  });

  it("proposes nothing, and says why, for binary or all-unique records or none", () => {
    const binary = Array.from({ length: 20 }, (_, i) => ({
      ...sampled("bin", i, undefined),
      key: Uint8Array.from([0xff, i, 0]),
    }));
    const unique = Array.from({ length: 20 }, (_, i) => sampled("uniq", i, { id: `u${i}`, n: i }));
    for (const [topic, rs] of [
      ["bin", binary],
      ["uniq", unique],
      ["empty", []],
    ] as const) {
      const p = proposeDefinition({
        ...base,
        topics: [topic],
        records: [...rs],
        unreadable: topic === "bin" ? { bin: 20 } : {},
      });
      assert.equal(p.definition, null);
      assert.ok(p.evidence.problems.length > 0);
    }
    const bin = proposeDefinition({ ...base, topics: ["bin"], records: binary, unreadable: { bin: 20 } });
    assert.ok(
      bin.evidence.problems.some((m) => m.includes("neither JSON")),
      JSON.stringify(bin.evidence.problems),
    );
  });

  it("stays valid with long values, names and groups", () => {
    const long = "X".repeat(150);
    const rs = instances(10, (i) => [
      ["acme.a", { type: `${long}A` }],
      ["acme.b", { type: `${long}A` }],
      ["acme.a", { type: i % 2 ? `${long}B` : `${long}C` }],
    ]);
    const p = proposeDefinition({
      ...base,
      topics: ["acme.a", "acme.b"],
      records: rs,
      groups: [{ groupId: "g".repeat(200), topics: ["acme.a"] }],
    });
    assert.ok(p.definition, JSON.stringify(p.evidence.problems));
    assert.ok(p.definition.steps.every((s) => s.id.length <= 100));
  });
});
