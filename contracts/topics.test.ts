// Topics as code: every topic of the contract once, prefixed, with its partitions and retention.
import assert from "node:assert/strict";
import { it } from "node:test";
import { physicalTopic, TOPIC_PARTITIONS, TOPICS, topicSpecs } from "./topics";

it("names every topic once, under the prefix, at the base partitions unless asked otherwise", () => {
  const specs = topicSpecs("p.");
  assert.deepEqual(specs.map((s) => s.name).sort(), TOPICS.map((t) => physicalTopic(t, "p.")).sort());
  assert.ok(specs.every((s) => s.partitions === TOPIC_PARTITIONS));
  assert.ok(topicSpecs("", 3).every((s) => s.partitions === 3));
});

it("keeps dead letters longer than the saga's events", () => {
  const byTopic = new Map(topicSpecs().map((s) => [s.topic, s.retentionMs]));
  const week = 7 * 24 * 3600 * 1000;
  assert.equal(byTopic.get("order-create"), week);
  assert.ok(byTopic.get("saga-dlq")! > week);
});
