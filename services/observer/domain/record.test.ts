// Correlation by header, key or path; steps by topic and match; bad and huge values kept within limits.
import assert from "node:assert/strict";
import { it } from "node:test";
import { SagaDefinition } from "../../../contracts/sagas";
import { observeRecord, readPath, type RawRecord } from "./record";

const limits = { maxValueBytes: 64, maxIdLength: 20 };
const saga = SagaDefinition.parse({
  name: "t",
  correlation: { path: "trip.id" },
  steps: [
    { id: "booked", topic: "trip", match: { path: "type", equals: "Booked" }, from: "a" },
    {
      id: "failed",
      topic: "trip",
      match: { header: "x-kind", equals: "fail" },
      from: "a",
      kind: "failure",
      ends: "CANCELLED",
    },
    { id: "paid", topic: "pay", from: "b", ends: "COMPLETED" },
  ],
});
const rec = (value: unknown, extra: Partial<RawRecord> = {}): RawRecord => ({
  topic: "trip",
  partition: 0,
  offset: "7",
  timestamp: 1_700_000_000_000,
  key: null,
  headers: {},
  value: value === null ? null : new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value)),
  ...extra,
});

it("reads dot paths into objects and arrays, undefined when absent", () => {
  assert.equal(readPath({ a: { b: [{ c: 3 }] } }, "a.b.0.c"), 3);
  assert.equal(readPath({ a: 1 }, "a.b"), undefined);
  assert.equal(readPath(null, "a"), undefined);
});

it("correlates by a path and matches a step by a value at a path", () => {
  const o = observeRecord(saga, rec({ trip: { id: "T1" }, type: "Booked" }), limits);
  assert.equal(o.instanceId, "T1");
  assert.equal(o.step?.id, "booked");
  assert.deepEqual(o.value, { trip: { id: "T1" }, type: "Booked" });
  assert.equal(o.notJson, false);
  assert.equal(o.at.toISOString(), "2023-11-14T22:13:20.000Z");
});

it("matches by header, keeps an unmatched record with step null, and takes numbers as ids", () => {
  assert.equal(
    observeRecord(saga, rec({ trip: { id: 42 } }, { headers: { "x-kind": "fail" } }), limits).step?.id,
    "failed",
  );
  const unmatched = observeRecord(saga, rec({ trip: { id: 42 }, type: "Other" }), limits);
  assert.equal(unmatched.instanceId, "42");
  assert.equal(unmatched.step, null);
});

it("leaves not-JSON, a missing path, an over-long id and a tombstone uncorrelated", () => {
  for (const v of ["not json {", { trip: {} }, { trip: { id: "x".repeat(21) } }, { trip: { id: {} } }, null]) {
    const o = observeRecord(saga, rec(v), limits);
    assert.equal(o.instanceId, null, JSON.stringify(v));
    assert.equal(o.step, null);
  }
  const bad = observeRecord(saga, rec("not json {"), limits);
  assert.equal(bad.notJson, true);
  assert.equal(bad.value, "not json {");
});

it("correlates by header or key", () => {
  const byHeader = SagaDefinition.parse({ ...saga, correlation: { header: "x-id" } });
  assert.equal(observeRecord(byHeader, rec("plain text", { headers: { "x-id": "H1" } }), limits).instanceId, "H1");
  assert.equal(observeRecord(byHeader, rec("plain text"), limits).instanceId, null);
  const byKey = SagaDefinition.parse({ ...saga, correlation: { key: true } });
  assert.equal(
    observeRecord(byKey, rec({}, { key: new TextEncoder().encode("K1"), topic: "pay" }), limits).step?.id,
    "paid",
  );
});

it("keeps no value above the size limit but still correlates it", () => {
  const o = observeRecord(saga, rec({ trip: { id: "T2" }, type: "Booked", pad: "x".repeat(100) }), limits);
  assert.equal(o.truncated, true);
  assert.equal(o.value, null);
  assert.equal(o.instanceId, "T2");
  assert.ok(o.size > 64);
});

it("stores JSON that jsonb refuses (a NUL escape) as storable text", () => {
  const o = observeRecord(saga, rec('{"trip":{"id":"T3"},"type":"a\\u0000b"}'), limits);
  assert.equal(o.instanceId, "T3");
  assert.equal(typeof o.value, "string");
});

it("keeps a record's headers as storable text, within the header limits", () => {
  const many = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`h${i}`, "v"]));
  const o = observeRecord(
    saga,
    rec(
      { trip: { id: "T1" } },
      {
        headers: {
          "x-consumed-at": "2026-01-01T00:00:00.000Z",
          "x-nul": "a\u0000b\ud800",
          "x-big": "x".repeat(5000),
          ...many,
        },
      },
    ),
    limits,
  );
  assert.equal(o.headers["x-consumed-at"], "2026-01-01T00:00:00.000Z");
  assert.equal(o.headers["x-nul"], "a\ufffdb\ufffd");
  assert.equal(o.headers["x-big"], undefined, "a header above 4 KiB is left out");
  assert.equal(Object.keys(o.headers).length, 64);
});

it("correlates by a long key (8 bytes, big-endian) and shows every key decoded the same way", () => {
  const byLong = SagaDefinition.parse({ ...saga, correlation: { key: "long" } });
  const key = new Uint8Array([0, 0, 0, 0, 0, 0, 1, 2]);
  const o = observeRecord(byLong, rec({ type: "Booked" }, { key }), limits);
  assert.equal(o.instanceId, "258");
  assert.equal(o.key, "258");
  const short = observeRecord(byLong, rec({ type: "Booked" }, { key: new Uint8Array([1, 2, 3]) }), limits);
  assert.equal(short.instanceId, null, "a key of the wrong length is uncorrelated");
  assert.equal(short.key, "0x010203");
});

it("takes a value the registry decoded as JSON, and counts one it could not decode apart from notJson", () => {
  const binary = rec(null, { value: new Uint8Array([0, 0, 0, 0, 7, 2, 4]) });
  const o = observeRecord(saga, binary, limits, { ok: true, value: { trip: { id: "T9" }, type: "Booked" } });
  assert.deepEqual([o.instanceId, o.step?.id, o.notJson, o.notDecodable], ["T9", "booked", false, false]);
  assert.deepEqual(o.value, { trip: { id: "T9" }, type: "Booked" });
  const bad = observeRecord(saga, binary, limits, { ok: false });
  assert.deepEqual([bad.instanceId, bad.notJson, bad.notDecodable], [null, false, true]);
});
