// Topics as code on the real broker: the provisioner creates the contract's topics with their
// partitions, retention and a replication factor that fits the cluster, leaves existing ones
// alone, reports a topic with too few partitions, and deletes a prefix's topics and groups.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, it } from "node:test";
import kafkajs from "kafkajs";
import { physicalTopic, TOPICS, TOPIC_RETENTION_MS } from "../../contracts";
import { deletePrefixedTopics, provisionTopics } from "../../services/kit/kafka/topics";
import { createTopics, deleteTestResources, testKafka } from "../kafka";

const prefix = `tp${randomUUID().slice(0, 8)}.`;
const kafka = testKafka("topics-test", { quiet: true });
after(() => deleteTestResources(prefix, kafka));

it("creates every topic of the contract once, with its partitions and retention", async () => {
  const dry = await provisionTopics(kafka, { prefix, partitions: 3, dryRun: true });
  assert.equal(dry.created.length, TOPICS.length, "a dry run names them all");
  const admin = kafka.admin();
  await admin.connect();
  try {
    assert.deepEqual(
      (await admin.listTopics()).filter((t) => t.startsWith(prefix)),
      [],
      "and creates none",
    );
    const first = await provisionTopics(kafka, { prefix, partitions: 3 });
    assert.deepEqual([...first.created].sort(), TOPICS.map((t) => physicalTopic(t, prefix)).sort());
    assert.equal(first.replicationFactor, 1, "one broker: one replica");
    const { topics } = await admin.fetchTopicMetadata({ topics: first.created });
    assert.ok(topics.every((t) => t.partitions.length === 3));
    const dlq = physicalTopic("saga-dlq", prefix);
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: dlq, configNames: ["retention.ms"] }],
    });
    assert.equal(resources[0]?.configEntries[0]?.configValue, String(TOPIC_RETENTION_MS["saga-dlq"]));

    const again = await provisionTopics(kafka, { prefix, partitions: 3 });
    assert.deepEqual(again.created, [], "a second run creates nothing");
    assert.equal(again.existing.length, TOPICS.length);
    const wider = await provisionTopics(kafka, { prefix, partitions: 6 });
    assert.equal(
      wider.mismatched.length,
      TOPICS.length,
      "topics with fewer partitions than asked are reported, not changed",
    );
    await assert.rejects(provisionTopics(kafka, { prefix: `${prefix}x.`, replicationFactor: 3 }), /needs 3 brokers/);
  } finally {
    await admin.disconnect();
  }
});

it("deletes only the topics under its prefix", async () => {
  const other = `${prefix}keep.`;
  await createTopics([`${other}a`], 1, kafka);
  const deleted = await deletePrefixedTopics(kafka, `${prefix}order-`);
  assert.deepEqual(deleted.sort(), [
    physicalTopic("order-cancel", prefix),
    physicalTopic("order-complete", prefix),
    physicalTopic("order-create", prefix),
  ]);
  const admin = kafka.admin();
  await admin.connect();
  const left = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
  await admin.disconnect();
  assert.ok(left.includes(`${other}a`) && left.includes(physicalTopic("stock-decrease", prefix)));
  await assert.rejects(deletePrefixedTopics(kafka, ""), /without a prefix/);
});
