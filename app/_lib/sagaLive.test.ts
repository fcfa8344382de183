// A watched saga's page from pushes: counters added exactly, status counts moved from what the
// page knows of the instances, lists and a journey updated without a read.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SagaDetail, SagaInstanceSummary, SagaInstanceView } from "../../contracts/sagas";
import type { WatchedBatch, WatchedInstanceChange } from "../../contracts/socket";
import { applyToDetail, applyToInstance, applyToInstances, knownFrom, statusMoves, stepPulses } from "./sagaLive";

const t = (s: number) => new Date(1_700_000_000_000 + s * 1000).toISOString();
const row = (id: string, status: SagaInstanceSummary["status"], started: number): SagaInstanceSummary => ({
  id,
  run: 1,
  status,
  startedAt: t(started),
  lastEventAt: t(started),
  steps: 1,
});
const change = (id: string, at: number, ending: WatchedInstanceChange["ending"] = null): WatchedInstanceChange => ({
  id,
  run: 1,
  records: 1,
  firstAt: t(at),
  lastAt: t(at),
  ending,
});
const counts = { RUNNING: 1, COMPLETED: 0, COMPENSATED: 0, FAILED: 0, CANCELLED: 0, STUCK: 0 };
const detail: SagaDetail = {
  name: "bank",
  title: "Bank",
  builtIn: false,
  services: [],
  steps: [
    {
      id: "done",
      topic: "t",
      from: "a",
      to: ["b"],
      toInferred: false,
      kind: "forward",
      ends: "COMPLETED",
      branch: null,
      after: [],
      starts: false,
    },
  ],
  counts,
  seen: { done: 1 },
  unmatched: 0,
  uncorrelated: {},
  missingTopics: [],
  refusedTopics: [],
  records: { total: 1, notJson: 0, notDecodable: 0, oversized: 0, matchCut: 0 },
};
const push = (instances: WatchedInstanceChange[], records = 2): WatchedBatch => ({
  saga: "bank",
  records: [],
  omitted: 0,
  instances,
  counters: [
    { metric: "total", subject: "", delta: records },
    { metric: "seen", subject: "done", delta: 1 },
    { metric: "uncorrelated", subject: "t", delta: 1 },
  ],
});

describe("sagaLive", () => {
  it("adds a push's counters to the detail and moves an instance that ended", () => {
    const known = knownFrom([{ status: null, rows: [row("a", "RUNNING", 1)] }], 200);
    const d = applyToDetail(detail, push([change("a", 2, "COMPLETED"), change("b", 3)]), known);
    assert.equal(d.records.total, 3);
    assert.deepEqual(d.seen, { done: 2 });
    assert.deepEqual(d.uncorrelated, { t: 1 });
    assert.equal(d.counts.COMPLETED, 1);
    assert.equal(d.counts.RUNNING, 1, "a left running, b (new: the list was complete) came in");
  });

  it("takes an unknown instance older than the listed ones for one already counted", () => {
    const full = Array.from({ length: 3 }, (_, i) => row(`r${i}`, "RUNNING", 10 + i));
    const known = knownFrom([{ status: null, rows: full }], 3);
    assert.deepEqual(statusMoves(known, [change("old", 1, "COMPLETED")]), { RUNNING: -1, COMPLETED: 1 });
    assert.deepEqual(statusMoves(known, [change("fresh", 20)]), { RUNNING: 1 });
    assert.deepEqual(statusMoves(known, [change("fresh", 21)]), {}, "known now");
  });

  it("never moves an instance that had ended", () => {
    const known = knownFrom([{ status: null, rows: [row("a", "CANCELLED", 1)] }], 200);
    assert.deepEqual(statusMoves(known, [change("a", 2, "COMPLETED")]), {});
  });

  it("updates a list: counts and ending of a listed row, a new row on top, the status filter kept", () => {
    const rows = [row("a", "RUNNING", 1)];
    const known = knownFrom([{ status: null, rows }], 200);
    const all = applyToInstances(rows, [change("a", 2, "COMPLETED"), change("b", 3)], null, known, 200);
    assert.deepEqual(
      all.map((r) => [r.id, r.status, r.steps]),
      [
        ["b", "RUNNING", 1],
        ["a", "COMPLETED", 2],
      ],
    );
    const running = applyToInstances(rows, [change("a", 2, "COMPLETED"), change("b", 3)], "RUNNING", known, 200);
    assert.deepEqual(
      running.map((r) => r.id),
      ["b"],
    );
  });

  it("appends pushed records to a journey once, and ends it", () => {
    const v: SagaInstanceView = {
      id: "a",
      run: 1,
      waitingFor: [],
      saga: "bank",
      status: "RUNNING",
      startedAt: t(1),
      endedAt: null,
      steps: [],
    };
    const rec = { instanceId: "a", run: 1, step: "done", topic: "t", partition: 0, offset: "7", at: t(2) };
    const once = applyToInstance(v, detail.steps, [rec], change("a", 2, "COMPLETED"));
    const twice = applyToInstance(once, detail.steps, [rec], change("a", 2, "COMPLETED"));
    assert.equal(twice.steps.length, 1);
    assert.equal(twice.steps[0]!.ends, "COMPLETED");
    assert.equal(twice.status, "COMPLETED");
    assert.equal(twice.endedAt, t(2));
  });

  it("runs one dot per push on each step that had records", () => {
    assert.deepEqual(stepPulses(push([])), { done: 1 });
  });
});
