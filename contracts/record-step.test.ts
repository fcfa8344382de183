// One reading of a record as a step (the observer's stored record and Kafka's raw one read the
// same) and one folding (the eventId): a relay's re-publish is a duplicate, the same record
// given twice is not, and a reloaded journey counts what the live one counted.
import assert from "node:assert/strict";
import { test } from "node:test";
import { HAPPY, pathEvents, redelivered } from "../shared/fixtures";
import type { SagaStep } from "./api";
import { CONSUMED_AT_HEADER } from "./envelope";
import { journeySteps, withDuplicateRecords } from "./order-journey";
import { foldSteps, readRecordStep, recordStep, type StepRecord } from "./record-step";
import { orderSteps } from "./saga-steps";
import type { InstanceRecord } from "./sagas/api";
import { physicalTopic } from "./topics";

const PREFIX = "p9.";
const ORDER = "o-rs";

/** A fixture's step without the live feed's fields (id, orderId, key). */
const plain = (s: SagaStep): SagaStep => {
  const {
    id: _id,
    orderId: _orderId,
    key: _key,
    ...step
  } = s as SagaStep & { id: string; orderId: string; key: unknown };
  return step;
};

/** The record as the observer's API gives it: value parsed, time as ISO text, headers as text. */
const stored = (s: SagaStep, over: Partial<InstanceRecord> = {}): InstanceRecord => ({
  step: s.topic,
  topic: physicalTopic(s.topic, PREFIX),
  partition: s.partition,
  offset: s.offset,
  at: s.brokerTimestamp,
  from: null,
  to: [],
  kind: null,
  ends: null,
  branch: null,
  key: ORDER,
  headers: s.causeConsumedAt ? { [CONSUMED_AT_HEADER]: s.causeConsumedAt } : {},
  value: s.envelope,
  truncated: false,
  size: 1,
  ...over,
});

/** The same record as kafkajs hands it over: bytes, time in ms, headers as Buffers. */
const raw = (s: SagaStep): StepRecord => ({
  topic: physicalTopic(s.topic, PREFIX),
  partition: s.partition,
  offset: s.offset,
  at: Date.parse(s.brokerTimestamp),
  headers: s.causeConsumedAt ? { [CONSUMED_AT_HEADER]: Buffer.from(s.causeConsumedAt) } : {},
  bytes: Buffer.from(JSON.stringify(s.envelope)),
});

test("a stored record and the same record from Kafka read as the same step", () => {
  for (const s of pathEvents(HAPPY, { orderId: ORDER })) {
    assert.deepEqual(recordStep(stored(s), PREFIX), plain(s));
    assert.deepEqual(recordStep(raw(s), PREFIX), plain(s));
  }
});

test("a record that is not a step says why; a consumed-at header that is not a time is none", () => {
  const [create, decrease] = pathEvents(HAPPY, { orderId: ORDER });
  const issues = (r: StepRecord) => {
    const read = readRecordStep(r, PREFIX);
    return read.ok ? [] : read.issues;
  };
  assert.match(issues({ ...raw(create!), bytes: Buffer.from("{no") })[0]!, /not JSON/);
  assert.match(issues({ ...raw(create!), bytes: null })[0]!, /empty/);
  assert.match(issues(stored(create!, { topic: physicalTopic("pay-fail", PREFIX) }))[0]!, /expected pay-fail/);
  assert.match(issues(stored(create!, { topic: "other.topic" }))[0]!, /not a saga topic/);
  assert.match(issues(stored(create!, { value: null, truncated: true }))[0]!, /size limit/);
  const odd = recordStep(stored(decrease!, { headers: { [CONSUMED_AT_HEADER]: "yesterday" } }), PREFIX);
  assert.equal(odd?.causeConsumedAt, null);
});

test("one key, the eventId: a re-published event is one step and one duplicate record, whichever copy came first", () => {
  const steps = pathEvents(HAPPY, { orderId: ORDER });
  const later = new Date(Date.parse(steps[1]!.brokerTimestamp) + 50).toISOString();
  const again = { ...redelivered(steps[1]!, 9_000), brokerTimestamp: later };
  for (const records of [[...steps, again], [again, ...steps].reverse()]) {
    const folded = foldSteps(records);
    assert.equal(folded.unique.length, HAPPY.length);
    assert.deepEqual(
      folded.duplicates.map((d) => d.offset),
      ["9000"],
    );
    assert.equal(folded.copies.get(steps[1]!.eventId), 1);
    assert.ok(
      folded.unique.some((s) => s.offset === steps[1]!.offset),
      "the earlier copy is the step",
    );
  }
  // The same record twice (the stored journey and the live feed both hold it) is not a duplicate.
  assert.equal(foldSteps([...steps, ...steps]).duplicates.length, 0);
});

test("the duplicate count is the same live and after a reload", () => {
  const steps = pathEvents(HAPPY, { orderId: ORDER });
  const copies = [redelivered(steps[1]!, 800), redelivered(steps[3]!, 801), redelivered(steps[3]!, 802)];
  // Live: the page loaded the journey after the first two records, the rest came from the feed.
  const loaded = journeySteps(
    ORDER,
    steps.slice(0, 2).map((s) => stored(s)),
    PREFIX,
  );
  const early = withDuplicateRecords({ ...view(), steps: loaded.steps, duplicateRecords: loaded.duplicates });
  const live = orderSteps([...early.steps, ...steps, ...copies]);
  // Reload: every record is the observer's.
  const all = journeySteps(
    ORDER,
    [...steps, ...copies].map((s) => stored(s)),
    PREFIX,
  );
  const reloaded = orderSteps(
    withDuplicateRecords({ ...view(), steps: all.steps, duplicateRecords: all.duplicates }).steps,
  );
  assert.equal(all.steps.length, HAPPY.length);
  assert.equal(live.duplicates, 3);
  assert.equal(reloaded.duplicates, 3);
  assert.deepEqual(reloaded.redeliveries, live.redeliveries);
});

function view() {
  return {
    orderId: ORDER,
    userId: "u",
    mode: "choreography" as const,
    status: "COMPLETED" as const,
    reason: null,
    totalAmount: 1,
    itemCount: 1,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    items: [],
    detail: null,
    steps: [],
  };
}
