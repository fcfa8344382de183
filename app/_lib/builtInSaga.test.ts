// A step of the built-in saga to its edge: the topic in choreography, topic:variant (match.equals
// lower-cased) in orchestration, its first consumer; anything the contract has no edge for is
// refused when the module loads, with the step named.
import assert from "node:assert/strict";
import { test } from "node:test";
import { StepDefinition, type SagaDefinition } from "../../contracts/sagas";
import { BUILT_IN_SAGA, servicesOf, stepEdge } from "./builtInSaga";

const step = (s: Record<string, unknown>) => StepDefinition.parse({ id: "s", from: "order", ...s });
const edgeOf = (id: string) => stepEdge(BUILT_IN_SAGA.steps.find((s) => s.id === id)!);

test("the built-in definition is the orders saga over the contract's topics", () => {
  assert.equal(BUILT_IN_SAGA.name, "orders");
  assert.deepEqual(BUILT_IN_SAGA.correlation, { key: true });
});

test("an orchestration step runs along its topic and variant, a choreography step along its topic", () => {
  assert.deepEqual(edgeOf("stock-command-take"), {
    step: "stock-command-take",
    id: "stock-command:take",
    mode: "orchestration",
    from: "order",
    to: "stock",
    kind: "forward",
  });
  assert.equal(edgeOf("reply-pay-fail").id, "saga-reply:pay-fail");
  assert.equal(edgeOf("notification-command-completed").id, "notification-command:completed");
  assert.deepEqual(edgeOf("order-cancel"), {
    step: "order-cancel",
    id: "order-cancel",
    mode: "choreography",
    from: "order",
    to: "notification",
    kind: "compensation",
  });
  assert.equal(edgeOf("notification-send").to, null);
});

test("a step the contract has no edge for is refused, by step", () => {
  assert.throws(() => stepEdge(step({ topic: "bank.transfers" })), /step s: bank\.transfers is not a saga topic/);
  assert.throws(() => stepEdge(step({ topic: "saga-dlq" })), /step s: saga-dlq is not a saga topic/);
  assert.throws(() => stepEdge(step({ topic: "stock-command" })), /step s: an orchestration step needs a match/);
  assert.throws(
    () => stepEdge(step({ topic: "stock-command", match: { path: "payload.action", equals: "steal" } })),
    /stock-command:steal is not an edge/,
  );
  assert.throws(
    () => stepEdge(step({ topic: "order-create", match: { path: "type", equals: "x" } })),
    /needs no match/,
  );
  assert.throws(() => stepEdge(step({ topic: "order-create", from: "shop" })), /step s, from: shop is not a service/);
  assert.throws(() => stepEdge(step({ topic: "order-create", to: ["mail"] })), /step s, to: mail is not a service/);
});

test("the services keep the definition's order and labels, every service of the contract once", () => {
  const labels = servicesOf(BUILT_IN_SAGA).map((s) => `${s.id}=${s.label}`);
  assert.deepEqual(labels, [
    "order=Order service",
    "stock=Stock service",
    "balance=Balance service",
    "notification=Notification service",
  ]);
  const without = (id: string): SagaDefinition => ({
    ...BUILT_IN_SAGA,
    services: BUILT_IN_SAGA.services.filter((s) => s.id !== id),
  });
  assert.throws(() => servicesOf(without("stock")), /services lack stock/);
  const unlabelled = { ...BUILT_IN_SAGA, services: BUILT_IN_SAGA.services.map((s) => ({ ...s, label: undefined })) };
  assert.equal(servicesOf(unlabelled)[0]!.label, "order");
});
