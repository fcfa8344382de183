// Ids used again: a `starts` record after the latest run ended begins a new run; others join by time.
import assert from "node:assert/strict";
import { it } from "node:test";
import type { StepDefinition } from "../../../contracts/sagas";
import type { ObservedRecord } from "./record";
import { assignRuns, type RunState } from "./runs";

const step = (id: string, extra: Partial<StepDefinition> = {}): StepDefinition => ({
  id,
  topic: "t",
  from: "a",
  kind: "forward",
  after: [],
  starts: false,
  ...extra,
});
const NEW = step("new", { starts: true });
const DONE = step("done", { ends: "COMPLETED" });
const MID = step("mid");
const r = (s: StepDefinition, at: number): ObservedRecord => ({
  topic: "t",
  partition: 0,
  offset: String(at),
  at: new Date(at),
  key: "1",
  headers: {},
  instanceId: "1",
  run: 1,
  step: s,
  value: null,
  notJson: false,
  notDecodable: false,
  matchCut: false,
  truncated: false,
  size: 1,
});
const runsOf = (out: { record: ObservedRecord; run: number }[]) => out.map((x) => `${x.record.step?.id}:${x.run}`);

it("numbers a second run of an id once the first has ended", () => {
  const runs: RunState[] = [];
  assert.deepEqual(runsOf(assignRuns([r(NEW, 1), r(MID, 2), r(DONE, 3), r(NEW, 10), r(MID, 11)], runs, 1000)), [
    "new:1",
    "mid:1",
    "done:1",
    "new:2",
    "mid:2",
  ]);
  assert.deepEqual(
    runs.map((x) => [x.run, x.startedAt.getTime(), x.endedAt?.getTime() ?? null]),
    [
      [1, 1, 3],
      [2, 10, null],
    ],
  );
});

it("does not begin a run while the latest has not ended (a duplicate start joins it)", () => {
  assert.deepEqual(runsOf(assignRuns([r(NEW, 1), r(NEW, 2)], [], 1000)), ["new:1", "new:1"]);
});

it("continues from the runs the store holds, and puts a late record into the run of its time", () => {
  const runs: RunState[] = [
    { run: 1, startedAt: new Date(1), endedAt: new Date(3) },
    { run: 2, startedAt: new Date(10), endedAt: null },
  ];
  assert.deepEqual(runsOf(assignRuns([r(MID, 2), r(MID, 12), r(DONE, 13), r(NEW, 20)], runs, 1000)), [
    "mid:1",
    "mid:2",
    "done:2",
    "new:3",
  ]);
});

it("begins a new run over a run that was stuck when the start was stamped (ids from 1 again after a restart)", () => {
  const runs: RunState[] = [{ run: 1, startedAt: new Date(0), endedAt: null }];
  assert.deepEqual(runsOf(assignRuns([r(NEW, 999), r(NEW, 1000), r(MID, 1001)], runs, 1000)), [
    "new:1",
    "new:2",
    "mid:2",
  ]);
});
