import assert from "node:assert/strict";
import { test } from "node:test";
import type { InstanceRecord } from "../../contracts/sagas";
import { compareInstances, divergenceText, pickTwo, sagaCompareHref } from "./sagaCompare";
import { timelineRows } from "./sagaInstances";

const rec = (step: string | null, ms: number): InstanceRecord => ({
  step,
  topic: "t",
  partition: 0,
  offset: String(ms),
  at: new Date(Date.UTC(2026, 0, 1) + ms).toISOString(),
  from: null,
  to: [],
  kind: null,
  ends: null,
  branch: null,
  key: null,
  headers: {},
  value: null,
  truncated: false,
  size: 0,
});
const rows = (...steps: [string | null, number][]) => timelineRows(steps.map(([s, ms]) => rec(s, ms)));

const completed = rows(
  ["transfer-requested", 0],
  ["funds-reserved", 100],
  ["credit-applied", 250],
  ["transfer-completed", 300],
);
const compensated = rows(
  ["transfer-requested", 5000],
  ["funds-reserved", 5130],
  ["credit-rejected", 5200],
  ["funds-released", 5260],
  ["transfer-cancelled", 5300],
);

test("steps match by id, each timed from its own instance's start, B minus A per step", () => {
  const cmp = compareInstances(completed, compensated);
  assert.deepEqual(
    cmp.map((r) => r.name),
    [
      "transfer-requested",
      "funds-reserved",
      "credit-applied",
      "transfer-completed",
      "credit-rejected",
      "funds-released",
      "transfer-cancelled",
    ],
  );
  assert.deepEqual(
    cmp.map((r) => r.diffMs),
    [0, 30, null, null, null, null, null],
  );
  assert.deepEqual(
    cmp.map((r) => r.verdict),
    ["same time", "B later by 30 ms", "only A", "only A", "only B", "only B", "only B"],
  );
  assert.deepEqual(
    cmp.map((r) => [r.a?.n ?? null, r.b?.n ?? null]),
    [
      [1, 1],
      [2, 2],
      [3, null],
      [4, null],
      [null, 3],
      [null, 4],
      [null, 5],
    ],
  );
  assert.deepEqual(
    cmp.map((r) => r.divergence),
    [false, false, true, false, false, false, false],
  );
  assert.equal(compareInstances(compensated, completed)[1].verdict, "A later by 30 ms");
});

test("the divergence is named: after which step, and what each took", () => {
  assert.equal(
    divergenceText(compareInstances(completed, compensated)),
    "The paths part after funds-reserved: A took credit-applied → transfer-completed, B took credit-rejected → funds-released → transfer-cancelled.",
  );
  assert.equal(divergenceText(compareInstances(completed, completed)), "Same path: 4 steps.");
  const stuck = rows(["transfer-requested", 0], ["funds-reserved", 10]);
  assert.equal(
    divergenceText(compareInstances(stuck, completed)),
    "The paths part after funds-reserved: A took no step, B took credit-applied → transfer-completed.",
  );
  assert.equal(
    divergenceText(compareInstances(rows(["x", 0]), rows(["y", 0]))),
    "The paths part at the start: A took x, B took y.",
  );
});

test("paths that part and meet again mark each parting; unmatched records never match", () => {
  const a = rows(["s1", 0], [null, 5], ["s3", 10]);
  const b = rows(["s1", 0], [null, 5], ["s3", 20]);
  const cmp = compareInstances(a, b);
  assert.deepEqual(
    cmp.map((r) => [r.name, r.verdict, r.divergence]),
    [
      ["s1", "same time", false],
      ["unmatched", "only A", true],
      ["unmatched", "only B", false],
      ["s3", "B later by 10 ms", false],
    ],
  );
  const twice = compareInstances(rows(["s1", 0], ["x", 1], ["s3", 2], ["y", 3]), rows(["s1", 0], ["s3", 2]));
  assert.deepEqual(
    twice.map((r) => r.divergence),
    [false, true, false, true],
  );
});

test("ticking keeps the last two instances; the compare URL is shareable", () => {
  assert.deepEqual(pickTwo([], "a", true), ["a"]);
  assert.deepEqual(pickTwo(["a", "b"], "c", true), ["b", "c"]);
  assert.deepEqual(pickTwo(["a", "b"], "a", false), ["b"]);
  assert.deepEqual(pickTwo(["a", "b"], "a", true), ["b", "a"]);
  assert.equal(sagaCompareHref("bank-transfer", " tr-1 ", "tr/2"), "/sagas/bank-transfer/compare?a=tr-1&b=tr%2F2");
});

test("two instances whose parallel branches replied in another order do not part", () => {
  const br = (step: string, ms: number, branch: string | null) => ({ ...rec(step, ms), branch });
  const a = timelineRows([
    br("new", 0, null),
    br("paid", 10, "payment"),
    br("reserved", 20, "stock"),
    br("done", 30, null),
  ]);
  const b = timelineRows([
    br("new", 0, null),
    br("reserved", 5, "stock"),
    br("paid", 25, "payment"),
    br("done", 30, null),
  ]);
  const cmp = compareInstances(a, b);
  assert.deepEqual(
    cmp.map((r) => [r.name, r.diffMs]),
    [
      ["new", 0],
      ["paid", 15],
      ["reserved", -15],
      ["done", 0],
    ],
  );
  assert.equal(divergenceText(cmp), "Same path: 4 steps.");
  const c = timelineRows([
    br("new", 0, null),
    br("refused", 5, "stock"),
    br("paid", 25, "payment"),
    br("done", 30, null),
  ]);
  assert.match(
    divergenceText(compareInstances(a, c)),
    /^The paths part after paid: A took reserved, B took refused\.$/,
  );
});
