// The watched saga's map as ELK lays it out (the same bundled elkjs the browser runs in a
// worker): services in flow order, one label per step, branches in lanes, nothing on top of
// anything, and the same answer for the same saga.
import assert from "node:assert/strict";
import { test } from "node:test";
import ELK from "elkjs/lib/elk.bundled.js";
import { generatedSaga, STREAMS_SAGA, streamsInstance } from "../../../e2e/fixtures/sagaMaps";
import { instanceSagaMap, liveSagaMap, type SagaMapModel } from "../sagaMap";
import { overlapping, pathCrosses } from "./boxes";
import { flowOrder } from "./flowOrder";
import { layoutSagaMap, type SagaLayout } from "./sagaLayout";

const elk = new ELK();
const lay = (model: SagaMapModel) => layoutSagaMap((g) => elk.layout(g), model);

/** Every box (services and step labels) that overlaps another, by name. */
function collisions(layout: SagaLayout): string[] {
  const boxes = [
    ...Object.entries(layout.services).map(([id, b]) => ({ name: `service ${id}`, ...b })),
    ...Object.entries(layout.steps).map(([id, b]) => ({ name: `label ${id}`, ...b })),
  ];
  return overlapping(boxes).map(([a, b]) => `${a.name} × ${b.name}`);
}

/** Lines that run across the label of a step they do not belong to. */
function linesOverLabels(layout: SagaLayout): string[] {
  return layout.edges.flatMap((e) =>
    Object.entries(layout.steps)
      .filter(([id, b]) => id !== e.step && pathCrosses(e.points, b))
      .map(([id]) => `${e.id} over ${id}`),
  );
}

test("the Kafka Streams saga: the order service first, payment and stock side by side after it, in their own lanes", async () => {
  const model = liveSagaMap(STREAMS_SAGA, { "order-created": 12 });
  const layout = await lay(model);
  const { order, payment, stock } = layout.services;
  assert.ok(order.x + order.width < payment.x, "payment after the order service");
  assert.equal(payment.x, stock.x, "payment and stock in the same layer");
  assert.deepEqual(Object.keys(layout.steps).sort(), STREAMS_SAGA.steps.map((s) => s.id).sort(), "one label per step");
  assert.equal(
    layout.edges.filter((e) => e.step === "order-created" && e.role === "out").length,
    2,
    "its label fans out to both consumers",
  );
  // Lanes: the payment branch (service and steps) above the steps of no branch, above the stock branch.
  const bottom = (ids: string[]) => Math.max(...ids.map((id) => layout.steps[id].y + layout.steps[id].height));
  const top = (ids: string[]) => Math.min(...ids.map((id) => layout.steps[id].y));
  assert.ok(
    bottom(["payment-accepted", "payment-rejected", "rollback-payment"]) <
      top(["order-created", "order-confirmed", "order-rejected"]),
  );
  assert.ok(
    bottom(["order-created", "order-confirmed", "order-rejected"]) <
      top(["stock-accepted", "stock-rejected", "rollback-stock"]),
  );
  assert.ok(payment.y + payment.height <= stock.y, "the payment service above the stock service");
  assert.deepEqual(collisions(layout), []);
  assert.deepEqual(linesOverLabels(layout), []);
});

test("flow order: ranks from the start along forward steps, replies and compensations running back; lanes by branch", () => {
  const order = flowOrder(liveSagaMap(STREAMS_SAGA, {}));
  assert.deepEqual(Object.fromEntries(order.rank), { order: 0, payment: 1, stock: 1 });
  assert.deepEqual(order.lanes, ["payment", null, "stock"]);
  assert.equal(order.serviceLane.get("payment"), 0);
  assert.equal(order.stepLane.get("rollback-stock"), 2, "a step of no branch goes with its consumer's lane");
});

test("each line starts on its source's box and ends on its target's", async () => {
  const model = liveSagaMap(generatedSaga(3), {});
  const layout = await lay(model);
  const boxOf = (id: string) => layout.services[id] ?? layout.steps[id];
  const onBorder = (p: { x: number; y: number }, b: { x: number; y: number; width: number; height: number }) =>
    p.x >= b.x - 1 && p.x <= b.x + b.width + 1 && p.y >= b.y - 1 && p.y <= b.y + b.height + 1;
  for (const e of layout.edges) {
    assert.ok(e.points.length >= 2, e.id);
    assert.ok(onBorder(e.points[0], boxOf(e.role === "in" ? e.from : e.step)), `${e.id} starts on its source`);
    assert.ok(onBorder(e.points.at(-1)!, boxOf(e.role === "in" ? e.step : e.to)), `${e.id} ends on its target`);
  }
});

test("generated sagas of 20 steps over 8 services: no two labels overlap, no label lies on a service or under another step's line, the spine runs left to right", async () => {
  let labels = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const saga = generatedSaga(seed);
    assert.equal(saga.steps.length, 20);
    assert.equal(saga.services.length, 8);
    const layout = await lay(liveSagaMap(saga, {}));
    labels += Object.keys(layout.steps).length;
    assert.equal(Object.keys(layout.steps).length, 20, `seed ${seed}: one label per step`);
    assert.deepEqual(collisions(layout), [], `seed ${seed}`);
    assert.deepEqual(linesOverLabels(layout), [], `seed ${seed}`);
    // The generator's first steps hand each service on to the next (forward): each is further right.
    for (const s of saga.steps.filter((x) => x.kind === "forward").slice(0, 6)) {
      for (const to of s.to)
        assert.ok(layout.services[s.from].x < layout.services[to].x, `seed ${seed}: ${s.from} left of ${to}`);
    }
  }
  assert.equal(labels, 240);
});

test("a Kafka Streams app reading its own topic: its steps run back into the service that publishes them, still clear of every label", async () => {
  // As the example's definition is inferred from the groups: the order service's group reads `orders` too.
  const steps = STREAMS_SAGA.steps.map((s) =>
    s.from === "order" ? { ...s, to: ["order", "payment", "stock"], toInferred: true } : s,
  );
  const layout = await lay(liveSagaMap({ ...STREAMS_SAGA, steps }, {}));
  assert.equal(layout.edges.filter((e) => e.role === "out" && e.to === "order").length, 9);
  assert.deepEqual(collisions(layout), []);
  assert.deepEqual(linesOverLabels(layout), []);
});

test("an instance's journey is laid out like its saga's map, its labels clear of each other", async () => {
  const layout = await lay(instanceSagaMap(STREAMS_SAGA, streamsInstance()));
  assert.deepEqual(collisions(layout), []);
  assert.ok(layout.services.order.x < layout.services.payment.x);
});

test("the same saga is laid out the same way every time", async () => {
  const model = liveSagaMap(generatedSaga(5), {});
  assert.deepEqual(await lay(model), await lay(model));
  assert.deepEqual(await lay(model), await layoutSagaMap((g) => new ELK().layout(g), model));
});
