// Order within an instance: time first; records sharing a time (or within clockSkewMs) by cause.
import assert from "node:assert/strict";
import { it } from "node:test";
import fc from "fast-check";
import { SagaDefinition } from "../../../contracts/sagas";
import { causalOrder, type Orderable } from "./order";

// The Kafka Streams join: replies in parallel, the outcome stamped with the reply that caused it.
const saga = SagaDefinition.parse({
  name: "ks",
  correlation: { key: "long" },
  steps: [
    { id: "order-new", topic: "order.events", match: { path: "status", equals: "NEW" }, from: "order", starts: true },
    {
      id: "order-rollback",
      topic: "order.events",
      match: { path: "status", equals: "ROLLBACK" },
      from: "order",
      kind: "compensation",
      ends: "COMPENSATED",
    },
    {
      id: "payment-rejected",
      topic: "payment-orders",
      from: "payment",
      kind: "failure",
      branch: "payment",
      after: ["order-new"],
    },
    {
      id: "stock-accepted",
      topic: "stock-orders",
      match: { path: "status", equals: "ACCEPT" },
      from: "stock",
      branch: "stock",
      after: ["order-new"],
    },
    {
      id: "stock-released",
      topic: "stock-orders",
      match: { path: "status", equals: "RELEASED" },
      from: "stock",
      kind: "compensation",
      after: ["order-rollback"],
    },
  ],
});
const rec = (step: string | null, at: number, topic: string, offset = "0", partition = 0): Orderable => ({
  step,
  at: new Date(at),
  topic,
  partition,
  offset,
});
const ids = (rs: Orderable[]) => rs.map((r) => r.step);

it("puts an ending after the reply that caused it when both share a millisecond (not order.events before payment-orders)", () => {
  const got = causalOrder(
    [
      rec("order-rollback", 105, "order.events", "9"),
      rec("payment-rejected", 105, "payment-orders"),
      rec("order-new", 100, "order.events"),
      rec("stock-accepted", 102, "stock-orders"),
    ],
    saga.steps,
    0,
  );
  assert.deepEqual(ids(got), ["order-new", "stock-accepted", "payment-rejected", "order-rollback"]);
});

it("follows `after` across the ending rule: a compensation named after the ending comes after it", () => {
  const got = causalOrder(
    [
      rec("stock-released", 105, "stock-orders", "3"),
      rec("order-rollback", 105, "order.events"),
      rec("payment-rejected", 105, "payment-orders"),
    ],
    saga.steps,
    0,
  );
  assert.deepEqual(ids(got), ["payment-rejected", "order-rollback", "stock-released"]);
});

it("orders records within clockSkewMs by cause, and keeps time order beyond it", () => {
  const skewed = [rec("order-rollback", 100, "order.events"), rec("payment-rejected", 103, "payment-orders")];
  assert.deepEqual(ids(causalOrder(skewed, saga.steps, 0)), ["order-rollback", "payment-rejected"]);
  assert.deepEqual(ids(causalOrder(skewed, saga.steps, 5)), ["payment-rejected", "order-rollback"]);
});

it("breaks the remaining ties by topic, partition and numeric offset; unmatched records after the file's steps", () => {
  const got = causalOrder(
    [rec("order-new", 1, "order.events", "10"), rec(null, 1, "a"), rec("order-new", 1, "order.events", "9")],
    saga.steps,
    0,
  );
  assert.deepEqual(
    got.map((r) => `${r.step}@${r.offset}`),
    ["order-new@9", "order-new@10", "null@0"],
  );
});

it("is a permutation that keeps time order between records further apart than the skew, whatever the input order", () => {
  const steps = ["order-new", "order-rollback", "payment-rejected", "stock-accepted", "stock-released", null];
  const arb = fc.array(
    fc.record({ s: fc.constantFrom(...steps), at: fc.integer({ min: 0, max: 20 }), o: fc.nat(50) }),
    { maxLength: 30 },
  );
  fc.assert(
    fc.property(arb, fc.integer({ min: 0, max: 3 }), (xs, skew) => {
      const input = xs.map((x, i) => rec(x.s, x.at, "t", String(x.o), i));
      const got = causalOrder(input, saga.steps, skew);
      assert.equal(got.length, input.length);
      assert.deepEqual(new Set(got), new Set(input));
      for (let i = 0; i < got.length; i++)
        for (let j = i + 1; j < got.length; j++)
          assert.ok(got[j]!.at.getTime() - got[i]!.at.getTime() >= -skew * got.length);
      // The same input in another order gives the same order.
      assert.deepEqual(causalOrder([...input].reverse(), saga.steps, skew), got);
    }),
  );
});
