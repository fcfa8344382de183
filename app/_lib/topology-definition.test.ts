// The built-in saga's hand-laid map (topology.ts: places, bends, the platform node) must draw
// exactly the steps of its definition, sagas/orders.json: same topic, publisher, kind, and a
// consumer the definition names. Two steps no service group consumes are drawn to where their
// news goes: notification-send to the external platform, pay-refund back to the order.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { SagaDefinition } from "../../contracts/sagas";
import { CHOREOGRAPHY_EDGES, ORCHESTRATION_EDGES, type GraphEdge } from "./topology";

const DRAWN_TO: Record<string, string> = { "notification-send": "platform", "pay-refund": "order" };

const definition = SagaDefinition.parse(JSON.parse(readFileSync(new URL("../../sagas/orders.json", import.meta.url), "utf8")));

/** "stock-command:take" → "stock-command-take"; "saga-reply:pay-fail" → "reply-pay-fail". */
const stepIdOf = (e: GraphEdge) => e.id.replace(/^saga-reply:/, "reply-").replace(":", "-");

test("every step of the built-in definition is an edge of its map, and every edge a step", () => {
  const edges = [...CHOREOGRAPHY_EDGES, ...ORCHESTRATION_EDGES];
  assert.deepEqual(edges.map(stepIdOf).sort(), definition.steps.map((s) => s.id).sort());
});

test("each edge has its step's topic, publisher and kind, and goes to one of its consumers", () => {
  for (const e of [...CHOREOGRAPHY_EDGES, ...ORCHESTRATION_EDGES]) {
    const step = definition.steps.find((s) => s.id === stepIdOf(e))!;
    assert.equal(e.topic, step.topic, `${e.id}'s topic`);
    assert.equal(e.from, step.from, `${e.id}'s publisher`);
    assert.equal(e.kind, step.kind, `${e.id}'s kind`);
    const consumers = step.to ?? [];
    if (consumers.length) assert.ok(consumers.includes(e.to), `${e.id} goes to ${e.to}, one of ${consumers.join(", ")}`);
    else assert.equal(e.to, DRAWN_TO[step.id], `${e.id}, consumed by no service, drawn to`);
  }
});
