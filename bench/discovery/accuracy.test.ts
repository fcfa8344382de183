import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { proposeDefinition } from "../../services/observer/domain/discovery/propose";
import { accuracy } from "./accuracy";
import { generatedSet } from "./generated-set";

describe("discovery's accuracy on the generated sagas", () => {
  for (const saga of generatedSet()) {
    it(`${saga.name}: the correlation right, steps' precision and recall at least 0.95`, () => {
      const p = proposeDefinition({
        topics: saga.topics,
        missing: [],
        records: saga.records,
        unreadable: {},
        groups: saga.groups,
      });
      const a = accuracy(saga.truth, p.definition, saga.records);
      assert.ok(a.correlationRight, JSON.stringify(a));
      assert.ok(a.precision >= 0.95, JSON.stringify(a));
      assert.ok(a.recall >= 0.95, JSON.stringify(a));
    });
  }

  it("counts a proposal that splits a step wrongly as wrong", () => {
    const saga = generatedSet(100)[0]!;
    const merged = {
      ...saga.truth,
      steps: saga.truth.steps.map((s) => (s.topic === "h.payments" ? { ...s, match: undefined } : s)),
    };
    const a = accuracy(saga.truth, merged, saga.records);
    assert.ok(a.correlationRight);
    assert.ok(a.precision < 1 && a.recall < 1, JSON.stringify(a));
  });

  it("counts a correlation right when it makes the same instances, wrong when it makes others", () => {
    const saga = generatedSet(100).find((s) => s.name === "nested-field")!;
    // Each record also carries its instance under another name, and a customer shared by many.
    const records = saga.records.map((r) => {
      const v = r.value as { meta?: { trace?: { orderRef?: string } } } | undefined;
      const ref = v?.meta?.trace?.orderRef;
      return ref === undefined ? r : { ...r, headers: { ...r.headers, "x-order": `copy-${ref}` } };
    });
    const same = accuracy(saga.truth, { ...saga.truth, correlation: { header: "x-order" } }, records);
    assert.ok(same.correlationRight && same.precision === 1 && same.recall === 1, JSON.stringify(same));
    const other = accuracy(saga.truth, { ...saga.truth, correlation: { path: "customerId" } }, records);
    assert.equal(other.correlationRight, false);
    const none = accuracy(saga.truth, null, records);
    assert.deepEqual([none.correlationRight, none.precision, none.recall], [false, 0, 0]);
  });
});
