import assert from "node:assert/strict";
import { test } from "node:test";
import type { SagaInstanceView, SagaSummary } from "../../contracts/sagas";
import { layoutKey } from "./layout/sagaLayout";
import { instanceSagaMap, liveSagaMap, OUTSIDE, type SagaStep } from "./sagaMap";

const step = (id: string, from: string, to: string[], extra: Partial<SagaStep> = {}): SagaStep => ({
  id,
  topic: "bank.transfers",
  from,
  to,
  toInferred: false,
  kind: "forward",
  ends: null,
  branch: null,
  after: [],
  starts: false,
  ...extra,
});

const saga: SagaSummary = {
  name: "bank-transfer",
  title: "Bank transfer",
  builtIn: false,
  services: [
    { id: "api", label: "Transfer API" },
    { id: "debit", label: "Debit bank" },
    { id: "credit", label: "credit" },
  ],
  steps: [
    step("transfer-requested", "api", ["debit"]),
    step("funds-reserved", "debit", ["credit", "api"], { toInferred: true }),
    step("insufficient-funds", "debit", ["api"], { kind: "failure" }),
    step("transfer-cancelled", "api", [], { kind: "compensation", ends: "CANCELLED" }),
  ],
};

test("each step is one labelled junction, however many consume it: its id and records seen; inferred consumers are marked", () => {
  const m = liveSagaMap(saga, { "transfer-requested": 3, "funds-reserved": 2 });
  assert.deepEqual(
    m.steps.map((s) => s.id),
    ["transfer-requested", "funds-reserved", "insufficient-funds", "transfer-cancelled"],
  );
  const reserved = m.steps.find((s) => s.id === "funds-reserved")!;
  assert.deepEqual(reserved.to, ["credit", "api"]);
  assert.equal(reserved.label, "funds-reserved (inferred) · 2");
  assert.equal(reserved.inferred, true);
  assert.equal(
    reserved.ariaLabel,
    "funds-reserved: bank.transfers, from Debit bank to credit and Transfer API, consumer inferred, 2 records",
  );
  const failure = m.steps.find((s) => s.id === "insufficient-funds")!;
  assert.equal(failure.kind, "failure");
  assert.equal(
    failure.ariaLabel,
    "insufficient-funds (failure): bank.transfers, from Debit bank to Transfer API, 0 records",
  );
  assert.ok(m.steps[0].width > failure.width, "a busier step's lines are thicker");
});

test("services are labelled with their label or id; a step nobody consumes runs to the outside node", () => {
  const m = liveSagaMap(saga, { "transfer-requested": 3 });
  assert.deepEqual(
    m.nodes.map((n) => n.title),
    ["Transfer API", "Debit bank", "credit", "Outside (no consumer)"],
  );
  assert.equal(m.nodes[0].ariaLabel, "Transfer API: 3 records published");
  assert.deepEqual(m.steps.find((s) => s.id === "transfer-cancelled")!.to, [OUTSIDE]);
});

test("a service only a step names is drawn too (the definition's list of services is optional)", () => {
  const m = liveSagaMap({ ...saga, services: [], steps: [step("a", "x", ["y"])] }, {});
  assert.deepEqual(
    m.nodes.map((n) => n.id),
    ["x", "y"],
  );
});

test("branch, after and starts come through; an observer that leaves them out means none", () => {
  const branched = liveSagaMap(
    { ...saga, steps: [step("a", "api", ["debit"], { branch: "left", after: ["b"], starts: true })] },
    {},
  );
  assert.deepEqual(
    [branched.steps[0].branch, branched.steps[0].after, branched.steps[0].starts],
    ["left", ["b"], true],
  );
  const old = {
    id: "a",
    topic: "t",
    from: "api",
    to: ["debit"],
    toInferred: false,
    kind: "forward",
    ends: null,
  } as unknown as SagaStep;
  const plain = liveSagaMap({ ...saga, steps: [old] }, {});
  assert.deepEqual([plain.steps[0].branch, plain.steps[0].after, plain.steps[0].starts], [null, [], false]);
});

test("live counts do not change what the layout depends on, so the map does not move as they grow", () => {
  const key = (seen: Record<string, number>) => layoutKey(liveSagaMap(saga, seen));
  assert.equal(key({}), key({ "transfer-requested": 3, "funds-reserved": 12_345 }));
  assert.notEqual(
    key({}),
    key({ "transfer-requested": 123_456 }),
    "a count longer than the room kept for it makes a wider label",
  );
});

test("an instance's map numbers the steps it took and greys the rest", () => {
  const rec = (s: string | null, from: string | null, to: string[]) => ({
    step: s,
    topic: "bank.transfers",
    partition: 0,
    offset: "1",
    at: "2026-01-01T00:00:00.000Z",
    from,
    to,
    kind: s ? ("forward" as const) : null,
    ends: null,
    branch: null,
    key: null,
    headers: {},
    value: {},
    truncated: false,
    size: 2,
  });
  const instance = {
    id: "t-1",
    saga: "bank-transfer",
    run: 1,
    waitingFor: [],
    status: "CANCELLED",
    startedAt: "2026-01-01T00:00:00.000Z",
    endedAt: "2026-01-01T00:00:01.000Z",
    steps: [
      rec("transfer-requested", "api", ["debit"]),
      rec(null, null, []),
      rec("insufficient-funds", "debit", ["api"]),
      rec("transfer-requested", "api", ["debit"]),
    ],
  } as SagaInstanceView;
  const m = instanceSagaMap(saga, instance);
  const byId = new Map(m.steps.map((s) => [s.id, s]));
  assert.equal(byId.get("transfer-requested")!.label, "#1 #4 transfer-requested");
  assert.equal(byId.get("insufficient-funds")!.ariaLabel, "insufficient-funds (failure): step 3, taken");
  assert.equal(byId.get("funds-reserved")!.taken, false);
  assert.equal(byId.get("funds-reserved")!.label, "funds-reserved");
  assert.deepEqual(
    m.nodes.map((n) => n.state),
    ["reached", "reached", "not reached", "not reached"],
  );
  assert.deepEqual(m.nodes[0].facts, [{ label: "steps", value: "1, 3, 4" }]);
});
