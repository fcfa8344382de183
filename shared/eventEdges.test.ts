import assert from "node:assert/strict";
import { test } from "node:test";
import { edgeIdOf, outcomeOf, topicMode } from "./eventEdges";
import { HAPPY, HAPPY_ORCH, NO_BALANCE_ORCH, sagaEvents } from "./fixtures";

test("an orchestration event's edge is its topic and what it carries; a choreography event's is its topic", () => {
  const ids = sagaEvents(NO_BALANCE_ORCH).map((e) => edgeIdOf(e.envelope));
  assert.deepEqual(ids, [
    "stock-command:take",
    "saga-reply:stock-decrease",
    "balance-command:charge",
    "saga-reply:pay-fail",
    "stock-command:restore",
    "saga-reply:stock-restore",
    "notification-command:cancelled",
    "saga-reply:notification-send",
  ]);
  assert.deepEqual(
    sagaEvents(HAPPY).map((e) => edgeIdOf(e.envelope)),
    HAPPY,
  );
  assert.equal(edgeIdOf(sagaEvents(["saga-dlq"])[0].envelope), null);
});

test("a reply stands for its outcome; choreography results are themselves; commands and order events are no outcome", () => {
  const [take, reply] = sagaEvents(HAPPY_ORCH);
  assert.equal(outcomeOf(take.envelope), null);
  assert.deepEqual(outcomeOf(reply.envelope), {
    type: "stock-decrease",
    payload: reply.envelope.type === "saga-reply" ? reply.envelope.payload.result : null,
  });
  const [create, decrease] = sagaEvents(HAPPY);
  assert.equal(outcomeOf(create.envelope), null);
  assert.equal(outcomeOf(decrease.envelope)?.type, "stock-decrease");
  assert.equal(topicMode("saga-reply"), "orchestration");
  assert.equal(topicMode("pay-fail"), "choreography");
  assert.equal(topicMode("saga-dlq"), null);
});
