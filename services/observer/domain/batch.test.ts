// A batch's changes: instance times and earliest ending, counters per metric and subject.
import assert from "node:assert/strict";
import { it } from "node:test";
import { summariseBatch, tallyByTopic } from "./batch";
import type { ObservedRecord } from "./record";
import { instanceStatus } from "./status";
import { consumersByTopic } from "./consumers";

const step = (id: string, ends?: "COMPLETED" | "CANCELLED") => ({
  id,
  topic: "t",
  from: "a",
  kind: "forward" as const,
  after: [],
  starts: false,
  ...(ends && { ends }),
});
const r = (
  instanceId: string | null,
  at: number,
  s: ReturnType<typeof step> | null,
  extra: Partial<ObservedRecord> = {},
): ObservedRecord => ({
  topic: "t",
  partition: 0,
  offset: String(at),
  at: new Date(at),
  key: null,
  headers: {},
  instanceId,
  run: 1,
  step: s,
  value: null,
  notJson: false,
  notDecodable: false,
  matchCut: false,
  truncated: false,
  size: 1,
  ...extra,
});

it("folds records into instances: first and last time, count, earliest ending", () => {
  const c = summariseBatch([
    r("b", 30, step("x")),
    r("a", 20, step("end", "CANCELLED")),
    r("a", 10, step("x")),
    r("a", 15, step("end2", "COMPLETED")),
  ]);
  assert.deepEqual(
    c.instances.map((i) => i.id),
    ["a", "b"],
  );
  const a = c.instances[0]!;
  assert.equal(a.startedAt.getTime(), 10);
  assert.equal(a.lastEventAt.getTime(), 20);
  assert.equal(a.records, 3);
  assert.deepEqual(a.ending, { status: "COMPLETED", at: new Date(15) });
  assert.equal(c.instances[1]!.ending, null);
});

it("counts total, seen per step, unmatched, uncorrelated per topic, not JSON and oversized", () => {
  const c = summariseBatch([
    r("a", 1, step("x")),
    r("a", 2, step("x")),
    r("a", 3, null),
    r(null, 4, null, { notJson: true }),
    r(null, 5, null, { topic: "u", truncated: true }),
  ]);
  const got = Object.fromEntries(c.counters.map((x) => [`${x.metric}:${x.subject}`, x.delta]));
  assert.deepEqual(got, {
    "total:": 5,
    "seen:x": 2,
    "unmatched:": 1,
    "uncorrelated:t": 1,
    "uncorrelated:u": 1,
    "notJson:": 1,
    "oversized:": 1,
  });
  assert.equal(c.kept.length, 3);
});

it("tallies each topic's records, not JSON, oversized, unmatched and uncorrelated for /metrics", () => {
  const tallies = tallyByTopic([
    r("a", 1, step("x")),
    r("a", 2, null, { topic: "u" }),
    r(null, 3, null, { notJson: true }),
    r(null, 4, null, { topic: "u", truncated: true }),
    r("b", 5, step("x"), { truncated: true }),
  ]);
  assert.deepEqual(tallies, [
    { topic: "t", records: 3, notJson: 1, notDecodable: 0, oversized: 1, unmatched: 0, uncorrelated: 1 },
    { topic: "u", records: 2, notJson: 0, notDecodable: 0, oversized: 1, unmatched: 1, uncorrelated: 1 },
  ]);
});

it("keeps runs of one id apart, and counts records the registry could not decode and `matches` read in part", () => {
  const c = summariseBatch([
    r("a", 1, step("x")),
    r("a", 2, step("x"), { run: 2, notDecodable: true }),
    r("a", 3, step("end", "COMPLETED"), { run: 2, matchCut: true }),
  ]);
  assert.deepEqual(
    c.instances.map((i) => [i.id, i.run, i.records, i.ending?.status ?? null]),
    [
      ["a", 1, 1, null],
      ["a", 2, 2, "COMPLETED"],
    ],
  );
  const got = Object.fromEntries(c.counters.map((x) => [`${x.metric}:${x.subject}`, x.delta]));
  assert.equal(got["notDecodable:"], 1);
  assert.equal(got["matchCut:"], 1);
});

it("is STUCK after timeoutMs without an ending, and leaves STUCK when the ending comes", () => {
  const startedAt = new Date(1000);
  assert.equal(instanceStatus({ ending: null, startedAt }, new Date(1999), 1000), "RUNNING");
  assert.equal(instanceStatus({ ending: null, startedAt }, new Date(2000), 1000), "STUCK");
  assert.equal(instanceStatus({ ending: "COMPLETED", startedAt }, new Date(9000), 1000), "COMPLETED");
});

it("maps the cluster's groups to services by their groups or by id", () => {
  const services = [
    { id: "hotel", groups: ["hotel-svc"] },
    { id: "flight", groups: [] },
  ];
  const m = consumersByTopic(services, [
    { groupId: "flight", topics: ["trip"] },
    { groupId: "hotel-svc", topics: ["trip", "flight"] },
    { groupId: "someone-else", topics: ["trip"] },
  ]);
  assert.deepEqual(m.get("trip"), ["hotel", "flight"]);
  assert.deepEqual(m.get("flight"), ["hotel"]);
});
