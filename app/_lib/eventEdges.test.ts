import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEnvelope } from "../../contracts/envelope";
import { hopKind, stepName } from "../../contracts/saga-steps";
import { edgeIdOf, edgeName, modeOfEvents, ORCHESTRATION_EDGE_IDS, outcomeOf, topicMode } from "./eventEdges";
import { HAPPY, HAPPY_ORCH, NO_BALANCE, NO_BALANCE_ORCH, OUT_OF_STOCK, OUT_OF_STOCK_ORCH, sagaEvents, TIMED_OUT_AFTER_PAYMENT, TIMED_OUT_ORCH } from "./fixtures";
import { EDGE_BY_ID, MODE_EDGES } from "./topology";

const ALL_PATHS = [HAPPY, OUT_OF_STOCK, NO_BALANCE, TIMED_OUT_AFTER_PAYMENT, HAPPY_ORCH, OUT_OF_STOCK_ORCH, NO_BALANCE_ORCH, TIMED_OUT_ORCH];

test("an orchestration event's edge is its topic and what it carries; a choreography event's is its topic", () => {
  const ids = sagaEvents(NO_BALANCE_ORCH).map((e) => edgeIdOf(e.envelope));
  assert.deepEqual(ids, [
    "stock-command:take", "saga-reply:stock-decrease", "balance-command:charge", "saga-reply:pay-fail",
    "stock-command:restore", "saga-reply:stock-restore", "notification-command:cancelled", "saga-reply:notification-send",
  ]);
  assert.deepEqual(sagaEvents(HAPPY).map((e) => edgeIdOf(e.envelope)), HAPPY);
  assert.equal(edgeIdOf(sagaEvents(["saga-dlq"])[0].envelope), null);
});

test("every fixture event parses with the contracts' schemas, lies on an edge of its mode's graph and is named as stepName names it", () => {
  for (const path of ALL_PATHS) {
    const events = sagaEvents(path);
    const mode = modeOfEvents(events);
    assert.equal(mode, path[0] === "order-create" ? "choreography" : "orchestration");
    for (const ev of events) {
      const parsed = parseEnvelope(JSON.stringify(ev.envelope), ev.topic);
      assert.ok(parsed.ok, `${ev.topic}: ${parsed.ok ? "" : parsed.issues.join("; ")}`);
      const id = edgeIdOf(ev.envelope)!;
      const edge = EDGE_BY_ID[id];
      assert.ok(MODE_EDGES[mode].includes(edge), `${id} on the ${mode} graph`);
      assert.equal(edge.name, stepName(ev.envelope));
      assert.equal(edgeName(id), stepName(ev.envelope));
      assert.equal(edge.kind, hopKind(ev.envelope), `${id}'s kind`);
    }
  }
});

test("each orchestration edge is drawn once, between the orchestrator and one participant", () => {
  assert.deepEqual(MODE_EDGES.orchestration.map((e) => e.id).sort(), [...ORCHESTRATION_EDGE_IDS].sort());
  for (const e of MODE_EDGES.orchestration) assert.ok((e.from === "order") !== (e.to === "order"), `${e.id} touches the orchestrator once`);
  const kinds = Object.fromEntries(MODE_EDGES.orchestration.map((e) => [e.id, e.kind]));
  assert.equal(kinds["stock-command:restore"], "compensation");
  assert.equal(kinds["balance-command:refund"], "compensation");
  assert.equal(kinds["saga-reply:pay-fail"], "failure");
  assert.equal(kinds["saga-reply:stock-decrease-fail"], "failure");
  assert.equal(kinds["notification-command:cancelled"], "compensation");
  assert.equal(kinds["balance-command:charge"], "forward");
});

test("a reply stands for its outcome; choreography results are themselves; commands and order events are no outcome", () => {
  const [take, reply] = sagaEvents(HAPPY_ORCH);
  assert.equal(outcomeOf(take.envelope), null);
  assert.deepEqual(outcomeOf(reply.envelope), { type: "stock-decrease", payload: reply.envelope.type === "saga-reply" ? reply.envelope.payload.result : null });
  const [create, decrease] = sagaEvents(HAPPY);
  assert.equal(outcomeOf(create.envelope), null);
  assert.equal(outcomeOf(decrease.envelope)?.type, "stock-decrease");
  assert.equal(topicMode("saga-reply"), "orchestration");
  assert.equal(topicMode("pay-fail"), "choreography");
  assert.equal(topicMode("saga-dlq"), null);
});
