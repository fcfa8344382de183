// The built-in saga described in the definition format over the contract's topics, in both
// modes, and refused when its file strays from the contract.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { HOP_KIND, TOPICS, type TopicName } from "../../../contracts";
import { parseDefinition } from "../../../contracts/sagas";
import { loadSagas } from "../application/definitions";
import { BUILT_IN_FILE, BUILT_IN_NAME, builtInDefinition, builtInIssues } from "./definition";

const load = (topicPrefix = "") =>
  loadSagas({ paths: [], readFile: (p) => readFileSync(p, "utf8"), bundled: [builtInDefinition], topicPrefix });

it("describes the built-in saga over every topic of the contract but dead letters, under the prefix", () => {
  const [orders] = load("p1.");
  assert.ok(orders!.builtIn);
  assert.equal(orders!.file, BUILT_IN_FILE);
  assert.equal(orders!.definition.name, BUILT_IN_NAME);
  assert.deepEqual(orders!.definition.correlation, { key: true });
  assert.deepEqual(orders!.definition.eventId, { path: "eventId" });
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

it("refuses another name, another event id, or a topic outside the contract", () => {
  const parsed = parseDefinition(readFileSync(BUILT_IN_FILE, "utf8"));
  assert.ok(parsed.ok);
  const d = parsed.definition;
  assert.deepEqual(builtInIssues(d), []);
  const strayed = { ...d, name: "other", eventId: undefined, steps: [{ ...d.steps[0]!, topic: "elsewhere" }] };
  assert.deepEqual(
    builtInIssues(strayed).map((i) => i.field),
    ["name", "eventId", "steps.0.topic"],
  );
});
