// Partition counts per topic: a topic several services write to gets the base times their number.
import assert from "node:assert/strict";
import { it } from "node:test";
import { physicalTopic, TOPIC_PARTITIONS, TOPICS, topicPartitions, topicsByPartitions } from "./topics";

it("saga-reply, written by the three participants, gets three times the base; every other topic the base", () => {
  assert.equal(topicPartitions("saga-reply"), 3 * TOPIC_PARTITIONS);
  assert.equal(topicPartitions("saga-reply", 4), 12);
  for (const t of TOPICS.filter((t) => t !== "saga-reply")) assert.equal(topicPartitions(t, 5), 5, t);
});

it("grouping by partition count names every topic once, prefixed", () => {
  const groups = topicsByPartitions("p.", 8);
  assert.deepEqual([...groups.keys()].sort((a, b) => a - b), [8, 24]);
  assert.deepEqual(groups.get(24), ["p.saga-reply"]);
  assert.deepEqual([...groups.values()].flat().sort(), TOPICS.map((t) => physicalTopic(t, "p.")).sort());
});
