// The definition format of attach.md: what it fixes is refused with the field named; defaults applied.
import assert from "node:assert/strict";
import { it } from "node:test";
import { definitionIssues, SagaDefinition, sagaServices, sagaTopics, topicFormat } from "./definition";

const base = {
  name: "trip-booking",
  correlation: { header: "x-trip-id" },
  steps: [
    { id: "trip-requested", topic: "trip.events", match: { path: "type", equals: "TripRequested" }, from: "trip" },
    { id: "flight-booked", topic: "flight.events", from: "flight", to: "hotel", kind: "forward" },
    {
      id: "trip-cancelled",
      topic: "trip.events",
      match: { header: "x-type", equals: "Cancelled" },
      from: "trip",
      kind: "compensation",
      ends: "CANCELLED",
    },
  ],
};

const issues = (v: unknown) => {
  const r = SagaDefinition.safeParse(v);
  return r.success ? [] : definitionIssues(r.error);
};

it("accepts the format of attach.md and applies its defaults", () => {
  const d = SagaDefinition.parse(base);
  assert.equal(d.timeoutMs, 30_000);
  assert.deepEqual(d.services, []);
  assert.equal(d.steps[0]!.kind, "forward");
  assert.deepEqual(d.steps[1]!.to, ["hotel"]);
  assert.equal(d.steps[0]!.to, undefined);
  assert.deepEqual(sagaTopics(d), ["trip.events", "flight.events"]);
});

it("lists the services of the file first, then those only steps name", () => {
  const d = SagaDefinition.parse({ ...base, services: [{ id: "hotel", label: "Hotel desk", groups: ["hotel-svc"] }] });
  assert.deepEqual(sagaServices(d), [
    { id: "hotel", label: "Hotel desk", groups: ["hotel-svc"] },
    { id: "trip", label: "trip", groups: [] },
    { id: "flight", label: "flight", groups: [] },
  ]);
});

it("refuses a bad name, naming the field", () => {
  assert.deepEqual(
    issues({ ...base, name: "Trip_Booking" }).map((i) => i.field),
    ["name"],
  );
  assert.deepEqual(
    issues({ ...base, name: "a".repeat(64) }).map((i) => i.field),
    ["name"],
  );
  assert.equal(issues({ ...base, name: "a".repeat(63) }).length, 0);
});

it("refuses the name of a page: /sagas/new adds a saga, it cannot show one", () => {
  const [issue] = issues({ ...base, name: "new" });
  assert.equal(issue?.field, "name");
  assert.match(issue!.message, /\/sagas\/new/);
  assert.equal(issues({ ...base, name: "new-orders" }).length, 0);
});

it("needs exactly one of header, key or path as correlation", () => {
  for (const correlation of [{}, { header: "x", path: "a.b" }, { key: false }, { key: true, header: "x" }]) {
    const found = issues({ ...base, correlation });
    assert.equal(found.length, 1, JSON.stringify(correlation));
    assert.ok(found[0]!.field.startsWith("correlation"), found[0]!.field);
  }
  assert.equal(issues({ ...base, correlation: { key: true } }).length, 0);
  assert.equal(issues({ ...base, correlation: { path: "trip.id" } }).length, 0);
});

it("refuses duplicate step ids, a missing from, a bad kind or ending, a bad match, an unknown key", () => {
  const steps = (patch: Record<string, unknown>, i = 1) => ({
    ...base,
    steps: base.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)),
  });
  assert.deepEqual(issues(steps({ id: "trip-requested" })), [
    { field: "steps.1.id", message: 'duplicate id "trip-requested"' },
  ]);
  assert.deepEqual(
    issues(steps({ from: undefined })).map((i) => i.field),
    ["steps.1.from"],
  );
  assert.deepEqual(
    issues(steps({ kind: "rollback" })).map((i) => i.field),
    ["steps.1.kind"],
  );
  assert.deepEqual(
    issues(steps({ ends: "DONE" })).map((i) => i.field),
    ["steps.1.ends"],
  );
  assert.deepEqual(issues(steps({ match: { path: "type" } })), [
    { field: "steps.1.match", message: "exactly one of equals, in, exists or matches is required" },
  ]);
  assert.deepEqual(
    issues(
      steps({
        match: {
          all: [
            { path: "a", equals: 1 },
            { path: "b", matches: "(" },
          ],
        },
      }),
    ).map((i) => i.field),
    ["steps.1.match.all.1.matches"],
  );
  assert.deepEqual(
    issues(steps({ match: { path: "t", header: "h", equals: 1 } })).map((i) => i.field),
    ["steps.1.match"],
  );
  assert.deepEqual(
    issues(steps({ topic: "bad topic" })).map((i) => i.field),
    ["steps.1.topic"],
  );
  assert.deepEqual(
    issues(steps({ too: ["x"] })).map((i) => i.field),
    ["steps.1"],
  );
  assert.deepEqual(
    issues({ ...base, steps: [] }).map((i) => i.field),
    ["steps"],
  );
  assert.deepEqual(
    issues({ ...base, timeoutMs: -5 }).map((i) => i.field),
    ["timeoutMs"],
  );
});

it("refuses a step that a catch-all step of the same topic before it would always take", () => {
  const found = issues({
    ...base,
    steps: [
      { id: "a", topic: "t", from: "x" },
      { id: "b", topic: "t", from: "x", match: { path: "k", equals: "v" } },
    ],
  });
  assert.deepEqual(
    found.map((i) => i.field),
    ["steps.1.match"],
  );
});

it("accepts the Additions: decoded keys, formats per topic, combined matches, the four endings, after, branch, starts, clockSkewMs", () => {
  const d = SagaDefinition.parse({
    ...base,
    correlation: { key: "long" },
    format: "avro",
    topics: { "flight.events": { format: "protobuf" } },
    clockSkewMs: 50,
    steps: [
      { ...base.steps[0], starts: true },
      { ...base.steps[1], branch: "flight", after: "trip-requested" },
      {
        ...base.steps[2],
        match: {
          all: [
            { header: "x-type", equals: "Cancelled" },
            { path: "source", equals: null },
          ],
        },
        ends: "COMPENSATED",
      },
    ],
  });
  assert.equal(d.correlation.key, "long");
  assert.deepEqual([topicFormat(d, "trip.events"), topicFormat(d, "flight.events")], ["avro", "protobuf"]);
  assert.deepEqual(
    d.steps.map((s) => [s.starts, s.after, s.branch ?? null]),
    [
      [true, [], null],
      [false, ["trip-requested"], "flight"],
      [false, [], null],
    ],
  );
  assert.equal(d.clockSkewMs, 50);
  assert.equal(SagaDefinition.parse(base).clockSkewMs, 0, "equal timestamps only, by default");
  assert.equal(SagaDefinition.parse(base).format, "json");
});

it("refuses an `after` naming no step or running in a circle, a branch on an ending, an unknown key decoding or format", () => {
  const steps = (patch: Record<string, unknown>[]) => ({
    ...base,
    steps: base.steps.map((s, j) => ({ ...s, ...patch[j] })),
  });
  assert.deepEqual(issues(steps([{}, { after: ["nope"] }])), [
    { field: "steps.1.after.0", message: 'names no step: "nope"' },
  ]);
  assert.deepEqual(
    issues(steps([{ after: ["flight-booked"] }, { after: ["trip-requested"] }])).map((i) => i.message),
    ["`after` runs in a circle: trip-requested → flight-booked → trip-requested"],
  );
  assert.deepEqual(
    issues(steps([{}, {}, { branch: "b" }])).map((i) => i.field),
    ["steps.2.branch"],
  );
  assert.deepEqual(
    issues({ ...base, correlation: { key: "float" } }).map((i) => i.field),
    ["correlation.key"],
  );
  assert.deepEqual(
    issues({ ...base, format: "xml" }).map((i) => i.field),
    ["format"],
  );
  assert.deepEqual(
    issues({ ...base, topics: { "other.topic": { format: "avro" } } }).map((i) => i.field),
    ["topics.other.topic"],
  );
});

it("refuses duplicate service ids", () => {
  assert.deepEqual(
    issues({ ...base, services: [{ id: "trip" }, { id: "trip" }] }).map((i) => i.field),
    ["services.1.id"],
  );
});
