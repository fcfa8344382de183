// The built-in map is its definition's (sagas/orders.json): every step an edge, laid out by hand
// only in how it is drawn (topologyLayout.ts). Held here to what the contract says of each edge:
// the record a step matches runs along the step's edge with the step's kind, its publisher
// produces the topic and its consumer reads it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { INPUT_TOPICS } from "../../contracts/consumed-topics";
import { hopKind } from "../../contracts/saga-steps";
import type { AnyEnvelope } from "../../contracts/envelope";
import { producesTopic } from "../../contracts/topics";
import { edgeIdOf } from "../../shared/eventEdges";
import { singleCondition } from "../../contracts/sagas";
import { BUILT_IN_SAGA } from "./builtInSaga";
import {
  CHOREOGRAPHY_EDGES,
  EDGE_BY_ID,
  graphEdges,
  layoutProblems,
  ORCHESTRATION_EDGES,
  SERVICE_LABEL,
  SERVICE_ORDER,
} from "./topology";
import { STEP_LAYOUT } from "./topologyLayout";

const EDGES = [...CHOREOGRAPHY_EDGES, ...ORCHESTRATION_EDGES];
const steps = BUILT_IN_SAGA.steps;

/** A record the step matches: its topic as the type, match.equals at match.path. */
function recordOf(step: (typeof steps)[number]): Pick<AnyEnvelope, "type" | "payload"> {
  const record: Record<string, unknown> = { type: step.topic, payload: {} };
  const match = singleCondition(step.match);
  if (match?.path) {
    const keys = match.path.split(".");
    let at = record;
    for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
    at[keys.at(-1)!] = match.equals;
  }
  return record as Pick<AnyEnvelope, "type" | "payload">;
}

test("each step is one edge: the one its records run along, with their kind, from its publisher to its first consumer", () => {
  assert.equal(EDGES.length, steps.length);
  for (const step of steps) {
    const record = recordOf(step);
    const edge = EDGE_BY_ID[edgeIdOf(record)!];
    assert.ok(edge, `${step.id}: its records run along an edge of the map`);
    assert.equal(edge.kind, hopKind(record), `${step.id}'s kind`);
    assert.equal(edge.kind, step.kind, `${step.id}'s kind in the definition`);
    assert.equal(edge.topic, step.topic);
    assert.equal(edge.from, step.from);
    if (step.to?.length) assert.equal(edge.to, step.to[0], `${step.id} goes to its first consumer`);
  }
});

test("every edge's publisher produces its topic and the service it goes to reads it, but the two drawn to where their news goes", () => {
  for (const e of EDGES) assert.ok(producesTopic(e.from, e.topic), `${e.from} produces ${e.topic}`);
  const notRead = EDGES.filter((e) => e.to === "platform" || !INPUT_TOPICS[e.to].includes(e.topic)).map(
    (e) => `${e.id}→${e.to}`,
  );
  assert.deepEqual(notRead, ["notification-send→platform", "pay-refund→order"]);
});

test("the services and their labels are the definition's, in the contract's order", () => {
  assert.deepEqual(SERVICE_ORDER, ["order", "stock", "balance", "notification"]);
  assert.deepEqual(SERVICE_LABEL, Object.fromEntries(BUILT_IN_SAGA.services.map((s) => [s.id, s.label])));
  assert.equal(SERVICE_LABEL.stock, "Stock service");
});

test("a step without a layout, a layout without a step and a wrong drawnTo are refused, by name", () => {
  assert.deepEqual(layoutProblems(steps, STEP_LAYOUT), []);
  const { ["pay-fail"]: _payFail, ...missing } = STEP_LAYOUT;
  assert.deepEqual(layoutProblems(steps, missing), ["step pay-fail has no layout"]);
  assert.deepEqual(layoutProblems(steps, { ...STEP_LAYOUT, "pay-later": { bend: 0, description: "" } }), [
    "the layout of pay-later names no step",
  ]);
  const { drawnTo: _platform, ...send } = STEP_LAYOUT["notification-send"]!;
  assert.deepEqual(
    layoutProblems(steps, {
      ...STEP_LAYOUT,
      "notification-send": send,
      "order-create": { ...STEP_LAYOUT["order-create"]!, drawnTo: "balance" },
    }),
    [
      "step order-create goes to stock: its layout must not name drawnTo",
      "step notification-send is consumed by no service: its layout needs drawnTo",
    ],
  );
  assert.throws(() => graphEdges(BUILT_IN_SAGA, missing), /topologyLayout\.ts\): step pay-fail has no layout/);
});
