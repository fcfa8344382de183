import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEnvelope } from "../../contracts/envelope";
import { hopKind, stepName } from "../../contracts/saga-steps";
import { edgeIdOf, edgeName, modeOfEvents, ORCHESTRATION_EDGE_IDS } from "../../shared/eventEdges";
import {
  HAPPY,
  HAPPY_ORCH,
  NO_BALANCE,
  NO_BALANCE_ORCH,
  OUT_OF_STOCK,
  OUT_OF_STOCK_ORCH,
  sagaEvents,
  TIMED_OUT_AFTER_PAYMENT,
  TIMED_OUT_ORCH,
} from "../../shared/fixtures";
import { EDGE_BY_ID, MODE_EDGES } from "./topology";

const ALL_PATHS = [
  HAPPY,
  OUT_OF_STOCK,
  NO_BALANCE,
  TIMED_OUT_AFTER_PAYMENT,
  HAPPY_ORCH,
  OUT_OF_STOCK_ORCH,
  NO_BALANCE_ORCH,
  TIMED_OUT_ORCH,
];

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
  for (const e of MODE_EDGES.orchestration)
    assert.ok((e.from === "order") !== (e.to === "order"), `${e.id} touches the orchestrator once`);
  const kinds = Object.fromEntries(MODE_EDGES.orchestration.map((e) => [e.id, e.kind]));
  assert.equal(kinds["stock-command:restore"], "compensation");
  assert.equal(kinds["balance-command:refund"], "compensation");
  assert.equal(kinds["saga-reply:pay-fail"], "failure");
  assert.equal(kinds["saga-reply:stock-decrease-fail"], "failure");
  assert.equal(kinds["notification-command:cancelled"], "compensation");
  assert.equal(kinds["balance-command:charge"], "forward");
});
