// The loader: YAML and JSON files, every problem named by file and field, and the definitions
// an extension brings, checked by its own rules too.
import assert from "node:assert/strict";
import { it } from "node:test";
import { SagaError } from "../../kit/errors";
import { parseDefinition } from "../../../contracts/sagas";
import { definitionPaths, loadSagas } from "./definitions";
import type { BundledDefinition } from "./extension";

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
  "bundled.yaml": trip.replace("trip-booking", "bundled"),
};
const bundled: BundledDefinition = {
  file: "bundled.yaml",
  issues: (d) => (d.steps.length > 1 ? [{ field: "steps", message: "one step only" }] : []),
  prepare: (d, prefix) => ({ ...d, steps: d.steps.map((s) => ({ ...s, topic: prefix + s.topic })) }),
};
const readFile = (p: string) => {
  if (!(p in files)) throw new Error("ENOENT: no such file");
  return files[p]!;
};
const load = (paths: string[], withBundled = false, topicPrefix = "") =>
  loadSagas({ paths, readFile, bundled: withBundled ? [bundled] : [], topicPrefix });
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

it("refuses two sagas of one name, an extension's included", () => {
  assert.match(
    refusal(() => load(["trip.yaml", "trip.yaml"])),
    /trip\.yaml: name: "trip-booking" is already the name of trip\.yaml/,
  );
  files["again.yaml"] = trip.replace("trip-booking", "bundled");
  assert.match(
    refusal(() => load(["again.yaml"], true)),
    /again\.yaml: name: "bundled" is already the name of the built-in saga of bundled\.yaml/,
  );
});

it("reads an extension's definition first, prepared and marked built-in, and holds it to its own rules", () => {
  const [first, second] = load(["trip.json"], true, "p1.");
  assert.deepEqual([first!.definition.name, first!.builtIn, first!.file], ["bundled", true, "bundled.yaml"]);
  assert.equal(first!.definition.steps[0]!.topic, "p1.flight.events");
  assert.deepEqual([second!.definition.name, second!.builtIn], ["bank", false]);
  files["bundled.yaml"] = `${trip.replace("trip-booking", "bundled")}  - { id: two, topic: t2, from: x }\n`;
  assert.match(
    refusal(() => load([], true)),
    /bundled\.yaml: steps: one step only/,
  );
});
