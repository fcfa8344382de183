import assert from "node:assert/strict";
import { test } from "node:test";
import type { InstanceRecord, SagaInstanceSummary } from "../../contracts/sagas";
import {
  HEADER_VALUE_OPEN_MAX,
  headerRows,
  HEADERS_OPEN_MAX,
  instanceHref,
  instancesHref,
  runFromQuery,
  sagaStatuses,
  statusFromQuery,
  stuckFirst,
  timelineRows,
  timelineWords,
} from "./sagaInstances";

const summary = (id: string, status: SagaInstanceSummary["status"]): SagaInstanceSummary => ({
  id,
  run: 1,
  status,
  startedAt: "",
  lastEventAt: "",
  steps: 1,
});

test("stuck instances come first, the rest keep the API's newest-first order", () => {
  const list = [
    summary("a", "RUNNING"),
    summary("b", "STUCK"),
    summary("c", "COMPLETED"),
    summary("d", "STUCK"),
    summary("e", "CANCELLED"),
  ];
  assert.deepEqual(
    stuckFirst(list).map((i) => i.id),
    ["b", "d", "a", "c", "e"],
  );
});

test("the status filter is read from and written to the URL", () => {
  assert.equal(statusFromQuery("STUCK"), "STUCK");
  assert.equal(statusFromQuery("stuck"), null);
  assert.equal(statusFromQuery(null), null);
  assert.equal(instancesHref("bank-transfer", "CANCELLED"), "/sagas/bank-transfer?status=CANCELLED");
  assert.equal(instancesHref("bank-transfer", null), "/sagas/bank-transfer");
  assert.equal(instanceHref("orders", "a/b"), "/sagas/orders/instances/a%2Fb");
});

const rec = (step: string | null, at: string, topic = "t", partition = 0, offset = "0"): InstanceRecord => ({
  step,
  topic,
  partition,
  offset,
  at,
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

test("timeline rows keep the API's order (it orders by cause where times are equal), not topic names", () => {
  const rows = timelineRows([
    rec("a", "2026-01-01T00:00:00.000Z"),
    rec("reply", "2026-01-01T00:00:00.100Z", "payment-orders"),
    rec("ending", "2026-01-01T00:00:00.100Z", "orders"),
    rec(null, "2026-01-01T00:00:00.300Z"),
  ]);
  assert.deepEqual(
    rows.map((r) => r.name),
    ["a", "reply", "ending", "unmatched"],
  );
  assert.deepEqual(
    rows.map((r) => r.n),
    [1, 2, 3, 4],
  );
  assert.deepEqual(
    rows.map((r) => r.sinceStartMs),
    [0, 100, 100, 300],
  );
  assert.deepEqual(
    rows.map((r) => r.gapMs),
    [0, 100, 0, 200],
  );
  assert.equal(rows[3].start + rows[3].width, 1, "the last bar ends at the end");
  assert.deepEqual(timelineRows([]), []);
});

test("a branch's record is timed from the one before it in its branch, or from the fork", () => {
  const b = (step: string, at: string, branch: string | null) => ({ ...rec(step, at), branch });
  const rows = timelineRows([
    b("new", "2026-01-01T00:00:00.000Z", null),
    b("stock-ok", "2026-01-01T00:00:00.040Z", "stock"),
    b("paid", "2026-01-01T00:00:00.050Z", "payment"),
    b("stock-shipped", "2026-01-01T00:00:00.090Z", "stock"),
    b("done", "2026-01-01T00:00:00.100Z", null),
  ]);
  assert.deepEqual(
    rows.map((r) => [r.name, r.after, r.gapMs]),
    [
      ["new", null, 0],
      ["stock-ok", 1, 40],
      ["paid", 1, 50],
      ["stock-shipped", 2, 50],
      ["done", 4, 10],
    ],
  );
  assert.equal(timelineWords(rows[2]).gap, "50 ms after #1");
});

test("links carry the run where ids run again", () => {
  assert.equal(instanceHref("ks", "42", 2), "/sagas/ks/instances/42?run=2");
  assert.equal(runFromQuery("3"), 3);
  assert.equal(runFromQuery("0"), null);
  assert.equal(runFromQuery("1e3"), null);
  assert.deepEqual(sagaStatuses([{ ends: "COMPLETED" }, { ends: null }, { ends: "COMPENSATED" }]), [
    "RUNNING",
    "COMPLETED",
    "COMPENSATED",
    "STUCK",
  ]);
});

test("a record's headers are rows in Kafka's order, collapsed when many or long", () => {
  assert.deepEqual(headerRows({}), { rows: [], collapsed: false });
  assert.deepEqual(headerRows({ "x-producer": "debit-bank", trace: "abc" }), {
    rows: [
      ["x-producer", "debit-bank"],
      ["trace", "abc"],
    ],
    collapsed: false,
  });
  const many = Object.fromEntries(Array.from({ length: HEADERS_OPEN_MAX + 1 }, (_, i) => [`h${i}`, "v"]));
  assert.equal(headerRows(many).collapsed, true);
  assert.equal(headerRows({ ...Object.fromEntries(Object.entries(many).slice(1)) }).collapsed, false);
  assert.equal(headerRows({ long: "x".repeat(HEADER_VALUE_OPEN_MAX + 1) }).collapsed, true);
  assert.equal(headerRows({ long: "x".repeat(HEADER_VALUE_OPEN_MAX) }).collapsed, false);
});

test("the timeline says each record's time from the start and after the one before", () => {
  const rows = timelineRows([
    rec("a", "2026-01-01T00:00:00.000Z"),
    rec("b", "2026-01-01T00:00:00.250Z"),
    rec("c", "2026-01-01T00:00:01.750Z"),
  ]);
  assert.deepEqual(rows.map(timelineWords), [
    { sinceStart: "the start", gap: "first record" },
    { sinceStart: "+250 ms from the start", gap: "250 ms after #1" },
    { sinceStart: "+1.75 s from the start", gap: "1.50 s after #2" },
  ]);
});
