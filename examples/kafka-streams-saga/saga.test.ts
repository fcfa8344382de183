// saga.yaml against the definition schema, and the run helper's agreement with it.
import assert from "node:assert/strict";
import { it } from "node:test";
import { parse } from "yaml";
import { SagaDefinition, definitionIssues } from "../../contracts/sagas/definition";
import { exampleArgs, OUTCOME_ENDINGS, sagaText } from "./run";

const definition = (prefix: string, timeoutMs?: number) => {
  const r = SagaDefinition.safeParse(parse(sagaText(prefix, timeoutMs)));
  assert.ok(r.success, r.success ? "" : JSON.stringify(definitionIssues(r.error)));
  return r.data;
};

it("is a valid definition: 8-byte keys, the two reply branches after order-new, one step per ending", () => {
  const d = definition("");
  assert.equal(d.name, "kafka-streams-orders");
  assert.deepEqual(d.correlation, { key: "long" });
  assert.deepEqual(
    d.steps.filter((s) => s.branch).map((s) => `${s.id}:${s.branch}:${s.after.join("+")}`),
    [
      "payment-accepted:payment:order-new",
      "payment-rejected:payment:order-new",
      "stock-accepted:stock:order-new",
      "stock-rejected:stock:order-new",
    ],
  );
  assert.deepEqual(
    d.steps.filter((s) => s.starts).map((s) => s.id),
    ["order-new"],
  );
  const ends = Object.fromEntries(d.steps.filter((s) => s.ends).map((s) => [s.id, s.ends]));
  const { stuck: _stuck, ...endings } = OUTCOME_ENDINGS;
  assert.deepEqual(ends, endings);
});

it("puts a prefix before every topic and consumer group, as the jar's --prefix does", () => {
  const d = definition("t1.", 5000);
  assert.equal(d.timeoutMs, 5000);
  assert.deepEqual([...new Set(d.steps.map((s) => s.topic))], ["t1.orders", "t1.payment-orders", "t1.stock-orders"]);
  assert.deepEqual(
    d.services.map((s) => s.groups),
    [["t1.orders-streams"], ["t1.payment"], ["t1.stock"]],
  );
});

it("passes only the options given to the jar", () => {
  assert.deepEqual(exampleArgs({ brokers: "h:1", count: 20, prefix: "p." }), [
    "--brokers",
    "h:1",
    "--count",
    "20",
    "--prefix",
    "p.",
  ]);
});
