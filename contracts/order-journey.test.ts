import assert from "node:assert/strict";
import { test } from "node:test";
import { HAPPY, NO_BALANCE, pathEvents, redelivered } from "../shared/fixtures";
import type { SagaStep } from "./api";
import { CONSUMED_AT_HEADER } from "./envelope";
import { journeySteps } from "./order-journey";
import type { InstanceRecord } from "./sagas/api";
import { physicalTopic, type TopicName } from "./topics";

const PREFIX = "t1.";

/** What the observer answers for a step's record (value parsed, topic physical, headers as text). */
function observed(s: SagaStep, value: unknown = s.envelope, topic: TopicName = s.topic): InstanceRecord {
  return {
    step: s.topic,
    topic: physicalTopic(topic, PREFIX),
    partition: s.partition,
    offset: s.offset,
    at: s.brokerTimestamp,
    from: s.producer,
    to: [],
    kind: "forward",
    ends: null,
    branch: null,
    key: s.envelope.orderId,
    headers: s.causeConsumedAt ? { [CONSUMED_AT_HEADER]: s.causeConsumedAt, traceparent: "x" } : {},
    value,
    truncated: false,
    size: 100,
  };
}

const plain = (steps: SagaStep[]) =>
  steps.map(
    ({
      eventId,
      topic,
      partition,
      offset,
      producer,
      causationId,
      occurredAt,
      brokerTimestamp,
      causeConsumedAt,
      envelope,
    }) => ({
      eventId,
      topic,
      partition,
      offset,
      producer,
      causationId,
      occurredAt,
      brokerTimestamp,
      causeConsumedAt,
      envelope,
    }),
  );

test("the journey is every step of the order's records, in the order they occurred, whatever order they were read in", () => {
  const steps = pathEvents(NO_BALANCE, { orderId: "o-nb" });
  const records = [...steps].reverse().map((s) => observed(s));
  assert.deepEqual(journeySteps("o-nb", records, PREFIX), { steps: plain(steps), duplicates: [] });
});

test("a redelivered or duplicated event is one step, the first copy by Kafka timestamp; the other copies are kept as duplicates", () => {
  const steps = pathEvents(HAPPY, { orderId: "o-dup" });
  const again = {
    ...redelivered(steps[1]!, 9_999),
    brokerTimestamp: new Date(Date.parse(steps[1]!.brokerTimestamp) + 5_000).toISOString(),
  };
  const journey = journeySteps("o-dup", [observed(again), ...steps.map((s) => observed(s))], PREFIX);
  assert.equal(journey.steps.length, HAPPY.length);
  assert.equal(journey.steps[1]!.offset, steps[1]!.offset);
  assert.deepEqual(
    journey.duplicates.map((d) => [d.eventId, d.offset]),
    [[steps[1]!.eventId, again.offset]],
  );
});

test("records that are not an envelope of their topic and this order are left out; dead letters are merged in", () => {
  const steps = pathEvents(HAPPY, { orderId: "o-bad" });
  const [dlq] = pathEvents(["saga-dlq"], { orderId: "o-bad", startMs: Date.parse(steps[2]!.occurredAt) + 1 });
  const records = [
    ...steps.map((s) => observed(s)),
    observed(steps[0]!, "{not json", "order-create"),
    observed({ ...steps[1]!, eventId: "e-wrong-topic" }, steps[1]!.envelope, "pay-fail"),
    observed(steps[2]!, { ...steps[2]!.envelope, orderId: "o-other", eventId: "00000000-0000-4000-8000-00000000ffff" }),
    { ...observed(steps[3]!), topic: "another.team.topic" },
    { ...observed(steps[4]!), value: null, truncated: true },
  ];
  const journey = journeySteps("o-bad", records, PREFIX, [dlq!]).steps;
  assert.deepEqual(
    journey.map((s) => s.topic),
    ["order-create", "stock-decrease", "pay-complete", "saga-dlq", "order-complete", "notification-send"],
  );
});

test("the consumption time comes from the record's header, and a header that is not a time is none", () => {
  const steps = pathEvents(HAPPY, { orderId: "o-h" });
  const odd = { ...observed(steps[1]!), headers: { [CONSUMED_AT_HEADER]: "yesterday" } };
  const journey = journeySteps("o-h", [observed(steps[0]!), odd, observed(steps[2]!)], PREFIX).steps;
  assert.deepEqual(
    journey.map((s) => s.causeConsumedAt),
    [null, null, steps[2]!.causeConsumedAt],
  );
});
