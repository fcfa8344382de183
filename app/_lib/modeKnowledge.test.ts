import assert from "node:assert/strict";
import { test } from "node:test";
import { KNOWLEDGE, modeTopics, serviceKnowledge } from "./modeKnowledge";

test("each mode uses its own topics, and neither the dead-letter topic", () => {
  assert.deepEqual(modeTopics("orchestration"), [
    "stock-command",
    "balance-command",
    "notification-command",
    "saga-reply",
  ]);
  const chor = modeTopics("choreography");
  assert.ok(chor.includes("order-create") && chor.includes("pay-fail") && chor.includes("notification-send"));
  assert.ok(!chor.includes("saga-reply") && !chor.includes("saga-dlq"));
});

test("orchestration: a participant knows only its command topic, saga-reply and the orchestrator", () => {
  for (const [service, command] of [
    ["stock", "stock-command"],
    ["balance", "balance-command"],
    ["notification", "notification-command"],
  ] as const) {
    const k = serviceKnowledge("orchestration", service);
    assert.deepEqual(k.consumes, [command]);
    assert.deepEqual(k.publishes, ["saga-reply"]);
    assert.deepEqual(k.mustKnow, [{ service: "order", why: `reads its ${command}` }]);
  }
});

test("orchestration: the orchestrator knows every participant, by their replies and by its commands", () => {
  const k = serviceKnowledge("orchestration", "order");
  assert.deepEqual(k.consumes, ["saga-reply"]);
  assert.deepEqual(k.publishes, ["stock-command", "balance-command", "notification-command"]);
  assert.deepEqual(k.mustKnow, [
    { service: "stock", why: "reads its saga-reply, sends it stock-command" },
    { service: "balance", why: "reads its saga-reply, sends it balance-command" },
    { service: "notification", why: "reads its saga-reply, sends it notification-command" },
  ]);
  assert.deepEqual(KNOWLEDGE.orchestration.hubs, ["order"]);
  assert.equal(KNOWLEDGE.orchestration.dependencies, 6);
});

test("choreography: each service knows the producers of the events it reacts to; order-cancel makes every one know the order service", () => {
  const stock = serviceKnowledge("choreography", "stock");
  assert.ok(stock.consumes.includes("order-create") && stock.consumes.includes("pay-fail"));
  assert.deepEqual(stock.publishes, ["stock-decrease", "stock-decrease-fail", "stock-restore"]);
  assert.deepEqual(
    stock.mustKnow.map((d) => d.service),
    ["order", "balance"],
  );
  assert.equal(stock.mustKnow.find((d) => d.service === "balance")!.why, "reads its pay-fail");
  const balance = serviceKnowledge("choreography", "balance").mustKnow;
  assert.deepEqual(
    balance.find((d) => d.service === "stock"),
    { service: "stock", why: "reads its stock-decrease" },
  );
  assert.deepEqual(
    balance.find((d) => d.service === "order"),
    { service: "order", why: "reads its order-cancel" },
  );
  assert.deepEqual(
    serviceKnowledge("choreography", "order").mustKnow.map((d) => d.service),
    ["stock", "balance"],
  );
  assert.deepEqual(
    serviceKnowledge("choreography", "notification").mustKnow.map((d) => d.service),
    ["order"],
  );
  assert.deepEqual(KNOWLEDGE.choreography.hubs, ["order"]);
});
