// The loader: YAML and JSON files, every problem named by file and field, and the built-in saga
// described in the same format over the contract's topics, in both modes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { HOP_KIND, TOPICS, type TopicName } from "../../../contracts";
import { SagaError } from "../../kit/errors";
import { BUILT_IN_FILE, definitionPaths, loadSagas, parseDefinition } from "./definitions";

const trip = `
name: trip-booking
correlation: { header: x-trip-id }
steps:
  - id: flight-booked
    topic: flight.events
    match: { path: type, equals: FlightBooked }
    from: flight
`;
const files: Record<string, string> = {
  "trip.yaml": trip,
  "trip.json": JSON.stringify({
    name: "bank",
    correlation: { path: "transfer.id" },
    steps: [{ id: "s", topic: "bank", from: "a" }],
  }),
  "bad.yaml": "name: Bad Name\ncorrelation: { key: true, header: x }\nsteps:\n  - { id: a, topic: t }\n",
  "broken.yaml": "name: x\nsteps: [\n",
  [BUILT_IN_FILE]: readFileSync(BUILT_IN_FILE, "utf8"),
};
const readFile = (p: string) => {
  if (!(p in files)) throw new Error("ENOENT: no such file");
  return files[p]!;
};
const load = (paths: string[], builtIn = false, topicPrefix = "") =>
  loadSagas({ paths, readFile, builtIn, topicPrefix });
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof SagaError && err.code === "VALIDATION_FAILED");
    return err.message;
  }
  assert.fail("expected a refusal");
};

it("reads YAML and JSON files in order", () => {
  assert.deepEqual(
    load(["trip.yaml", "trip.json"]).map((s) => [s.definition.name, s.builtIn, s.file]),
    [
      ["trip-booking", false, "trip.yaml"],
      ["bank", false, "trip.json"],
    ],
  );
  assert.deepEqual(definitionPaths(" a.yaml, ,b.yaml "), ["a.yaml", "b.yaml"]);
});

it("names the file, the field and the reason of every problem", () => {
  const msg = refusal(() => load(["trip.yaml", "bad.yaml", "missing.yaml"]));
  assert.match(msg, /bad\.yaml: name: must match/);
  assert.match(msg, /bad\.yaml: correlation: exactly one of header, key or path/);
  assert.match(msg, /bad\.yaml: steps\.0\.from: /);
  assert.match(msg, /missing\.yaml: \(file\): cannot be read/);
  assert.doesNotMatch(msg, /trip\.yaml/);
});

it("reports a YAML syntax error with its line, and a duplicate key", () => {
  const r = parseDefinition("name: x\nsteps: [\n");
  assert.ok(!r.ok && r.issues[0]!.field === "(file)" && /line \d/.test(r.issues[0]!.message), JSON.stringify(r));
  const dup = parseDefinition("name: x\nname: y\n");
  assert.ok(!dup.ok && /unique|duplicate/i.test(dup.issues[0]!.message), JSON.stringify(dup));
});

it("refuses two sagas of one name, the built-in's included", () => {
  assert.match(
    refusal(() => load(["trip.yaml", "trip.yaml"])),
    /trip\.yaml: name: "trip-booking" is already the name of trip\.yaml/,
  );
  files["orders.yaml"] = trip.replace("trip-booking", "orders");
  assert.match(
    refusal(() => load(["orders.yaml"], true)),
    /orders\.yaml: name: "orders" is already the name of the built-in saga/,
  );
});

it("describes the built-in saga over every topic of the contract but dead letters, under the prefix", () => {
  const [orders] = load([], true, "p1.");
  assert.ok(orders!.builtIn);
  assert.equal(orders!.definition.name, "orders");
  assert.deepEqual(orders!.definition.correlation, { key: true });
  const logical = new Set(orders!.definition.steps.map((s) => s.topic.replace(/^p1\./, "")));
  assert.ok(orders!.definition.steps.every((s) => s.topic.startsWith("p1.")));
  assert.deepEqual([...logical].sort(), TOPICS.filter((t) => t !== "saga-dlq").sort());
  // Choreography's steps are named by their topic and have its kind.
  for (const s of orders!.definition.steps) {
    const topic = s.topic.slice(3) as TopicName;
    if (s.id === topic) assert.equal(s.kind, HOP_KIND[topic], s.id);
  }
  const ends = orders!.definition.steps.filter((s) => s.ends).map((s) => `${s.id}:${s.ends}`);
  assert.deepEqual(ends, [
    "order-complete:COMPLETED",
    "order-cancel:CANCELLED",
    "notification-command-completed:COMPLETED",
    "notification-command-cancelled:CANCELLED",
  ]);
});
