import assert from "node:assert/strict";
import { test } from "node:test";
import type { InstanceRecord, SagaInstanceSummary } from "../../contracts/sagas";
import { HEADER_VALUE_OPEN_MAX, headerRows, HEADERS_OPEN_MAX, instanceHref, instancesHref, statusFromQuery, stuckFirst, timelineRows, timelineWords } from "./sagaInstances";

const summary = (id: string, status: SagaInstanceSummary["status"]): SagaInstanceSummary => ({ id, status, startedAt: "", lastEventAt: "", steps: 1 });

test("stuck instances come first, the rest keep the API's newest-first order", () => {
  const list = [summary("a", "RUNNING"), summary("b", "STUCK"), summary("c", "COMPLETED"), summary("d", "STUCK"), summary("e", "CANCELLED")];
  assert.deepEqual(stuckFirst(list).map((i) => i.id), ["b", "d", "a", "c", "e"]);
});

test("the status filter is read from and written to the URL", () => {
  assert.equal(statusFromQuery("STUCK"), "STUCK");
  assert.equal(statusFromQuery("stuck"), null);
  assert.equal(statusFromQuery(null), null);
  assert.equal(instancesHref("bank-transfer", "CANCELLED"), "/sagas/bank-transfer?status=CANCELLED");
  assert.equal(instancesHref("bank-transfer", null), "/sagas/bank-transfer");
  assert.equal(instanceHref("orders", "a/b"), "/sagas/orders/instances/a%2Fb");
});

const rec = (step: string | null, at: string, topic = "t", partition = 0, offset = "0"): InstanceRecord => ({ step, topic, partition, offset, at, from: null, to: [], kind: null, ends: null, key: null, headers: {}, value: null, truncated: false, size: 0 });

test("timeline rows follow the Kafka timestamps, then topic, partition and offset", () => {
  const rows = timelineRows([
    rec("c", "2026-01-01T00:00:00.300Z"),
    rec("b", "2026-01-01T00:00:00.100Z", "t", 1, "10"),
    rec(null, "2026-01-01T00:00:00.100Z", "t", 1, "9"),
    rec("a", "2026-01-01T00:00:00.000Z"),
  ]);
  assert.deepEqual(rows.map((r) => r.name), ["a", "unmatched", "b", "c"]);
  assert.deepEqual(rows.map((r) => r.n), [1, 2, 3, 4]);
  assert.deepEqual(rows.map((r) => r.sinceStartMs), [0, 100, 100, 300]);
  assert.deepEqual(rows.map((r) => r.gapMs), [0, 100, 0, 200]);
  assert.equal(rows[3].start + rows[3].width, 1, "the last bar ends at the end");
  assert.deepEqual(timelineRows([]), []);
});

test("offsets compare as numbers, not text", () => {
  const rows = timelineRows([rec("ten", "2026-01-01T00:00:00.000Z", "t", 0, "10"), rec("nine", "2026-01-01T00:00:00.000Z", "t", 0, "9")]);
  assert.deepEqual(rows.map((r) => r.name), ["nine", "ten"]);
});

test("a record's headers are rows in Kafka's order, collapsed when many or long", () => {
  assert.deepEqual(headerRows({}), { rows: [], collapsed: false });
  assert.deepEqual(headerRows({ "x-producer": "debit-bank", trace: "abc" }), { rows: [["x-producer", "debit-bank"], ["trace", "abc"]], collapsed: false });
  const many = Object.fromEntries(Array.from({ length: HEADERS_OPEN_MAX + 1 }, (_, i) => [`h${i}`, "v"]));
  assert.equal(headerRows(many).collapsed, true);
  assert.equal(headerRows({ ...Object.fromEntries(Object.entries(many).slice(1)) }).collapsed, false);
  assert.equal(headerRows({ long: "x".repeat(HEADER_VALUE_OPEN_MAX + 1) }).collapsed, true);
  assert.equal(headerRows({ long: "x".repeat(HEADER_VALUE_OPEN_MAX) }).collapsed, false);
});

test("the timeline says each record's time from the start and after the one before", () => {
  const rows = timelineRows([rec("a", "2026-01-01T00:00:00.000Z"), rec("b", "2026-01-01T00:00:00.250Z"), rec("c", "2026-01-01T00:00:01.750Z")]);
  assert.deepEqual(rows.map(timelineWords), [
    { sinceStart: "the start", gap: "first record" },
    { sinceStart: "+250 ms from the start", gap: "250 ms after #1" },
    { sinceStart: "+1.75 s from the start", gap: "1.50 s after #2" },
  ]);
});
