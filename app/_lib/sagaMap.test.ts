import assert from "node:assert/strict";
import { test } from "node:test";
import type { SagaInstanceView, SagaStepView, SagaSummary } from "../../contracts/sagas";
import { instanceSagaMap, layout, liveSagaMap, OUTSIDE } from "./sagaMap";

const step = (id: string, from: string, to: string[], extra: Partial<SagaStepView> = {}): SagaStepView => ({ id, topic: "bank.transfers", from, to, toInferred: false, kind: "forward", ends: null, ...extra });

const saga: SagaSummary = {
  name: "bank-transfer",
  title: "Bank transfer",
  builtIn: false,
  services: [{ id: "api", label: "Transfer API" }, { id: "debit", label: "Debit bank" }, { id: "credit", label: "credit" }],
  steps: [
    step("transfer-requested", "api", ["debit"]),
    step("funds-reserved", "debit", ["credit", "api"], { toInferred: true }),
    step("insufficient-funds", "debit", ["api"], { kind: "failure" }),
    step("transfer-cancelled", "api", [], { kind: "compensation", ends: "CANCELLED" }),
  ],
};

test("each step is one edge per consumer, labelled with its id and records seen; inferred consumers are marked", () => {
  const m = liveSagaMap(saga, { "transfer-requested": 3, "funds-reserved": 2 });
  assert.deepEqual(m.edges.map((e) => e.id), ["transfer-requested>debit", "funds-reserved>credit", "funds-reserved>api", "insufficient-funds>api", `transfer-cancelled>${OUTSIDE}`]);
  const reserved = m.edges.find((e) => e.id === "funds-reserved>api")!;
  assert.equal(reserved.label, "funds-reserved (inferred) · 2");
  assert.equal(reserved.inferred, true);
  assert.equal(reserved.ariaLabel, "funds-reserved: bank.transfers, from Debit bank to Transfer API, consumer inferred, 2 records");
  const failure = m.edges.find((e) => e.id === "insufficient-funds>api")!;
  assert.equal(failure.kind, "failure");
  assert.match(failure.ariaLabel, /^insufficient-funds \(failure\): /);
  assert.ok(m.edges.find((e) => e.id === "transfer-requested>debit")!.width > failure.width, "a busier edge is thicker");
});

test("services are labelled with their label or id; a step nobody consumes runs to the outside node", () => {
  const m = liveSagaMap(saga, { "transfer-requested": 3 });
  assert.deepEqual(m.nodes.map((n) => n.title), ["Transfer API", "Debit bank", "credit", "Outside (no consumer)"]);
  assert.equal(m.nodes[0].ariaLabel, "Transfer API: 3 records published");
  assert.deepEqual(Object.keys(m.positions).sort(), ["api", "credit", "debit", OUTSIDE].sort());
});

test("two edges between the same services in the same direction bend apart", () => {
  const m = liveSagaMap(saga, {});
  const [a, b] = ["funds-reserved>api", "insufficient-funds>api"].map((id) => m.edges.find((e) => e.id === id)!.bend);
  assert.notEqual(a, b);
});

test("no two nodes of a layout share a place", () => {
  for (const n of [1, 2, 3, 5, 8]) {
    const ids = Array.from({ length: n }, (_, i) => `s${i}`);
    const places = Object.values(layout([...ids, OUTSIDE])).map((p) => `${p.x},${p.y}`);
    assert.equal(new Set(places).size, n + 1, `${n} services`);
  }
});

test("an instance's map numbers the steps it took and greys the rest", () => {
  const rec = (s: string | null, from: string | null, to: string[]) => ({ step: s, topic: "bank.transfers", partition: 0, offset: "1", at: "2026-01-01T00:00:00.000Z", from, to, kind: s ? ("forward" as const) : null, ends: null, key: null, headers: {}, value: {}, truncated: false, size: 2 });
  const instance: SagaInstanceView = {
    id: "t-1",
    saga: "bank-transfer",
    status: "CANCELLED",
    startedAt: "2026-01-01T00:00:00.000Z",
    endedAt: "2026-01-01T00:00:01.000Z",
    steps: [rec("transfer-requested", "api", ["debit"]), rec(null, null, []), rec("insufficient-funds", "debit", ["api"])],
  };
  const m = instanceSagaMap(saga, instance);
  const byId = new Map(m.edges.map((e) => [e.id, e]));
  assert.equal(byId.get("transfer-requested>debit")!.label, "#1 transfer-requested");
  assert.equal(byId.get("insufficient-funds>api")!.ariaLabel, "insufficient-funds (failure): step 3, taken");
  assert.equal(byId.get("funds-reserved>credit")!.taken, false);
  assert.deepEqual(m.nodes.map((n) => n.state), ["reached", "reached", "not reached", "not reached"]);
});

test("edges running both ways between two services put their labels nearer their own sources", () => {
  const twoWay: SagaSummary = { ...saga, steps: [step("reserve", "debit", ["credit"]), step("reject", "credit", ["debit"], { kind: "failure" }), step("ask", "api", ["debit"])] };
  const m = liveSagaMap(twoWay, {});
  assert.deepEqual(m.edges.map((e) => e.labelAt), [0.35, 0.35, 0.5]);
});
