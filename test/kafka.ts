// Kafka for tests, through the project's one client module and provisioner: each test makes its
// own prefixed topics on the cluster of KAFKA_BROKERS (scripts/with-infra.ts) and deletes them.
import type { Kafka } from "kafkajs";
import { kafkaFromEnv } from "../services/kit/kafka/client";
import {
  createAndWait,
  deletePrefixedGroups,
  deletePrefixedTopics,
  provisionTopics,
  type ProvisionOptions,
} from "../services/kit/kafka/topics";

export function testKafka(clientId: string, opts?: { quiet?: boolean }): Kafka {
  if (!process.env.KAFKA_BROKERS)
    throw new Error("KAFKA_BROKERS is not set: run this test through scripts/with-infra.ts");
  return kafkaFromEnv(process.env, clientId, opts);
}

/** Every topic of the contract under `prefix`. */
export async function createSagaTopics(
  prefix: string,
  opts: Omit<ProvisionOptions, "prefix"> & { kafka?: Kafka } = {},
): Promise<void> {
  await provisionTopics(opts.kafka ?? testKafka(`${prefix}setup`, { quiet: true }), { ...opts, prefix });
}

/** Some topics by name (tests of one consumer), all with `partitions`. */
export async function createTopics(
  names: string[],
  partitions: number,
  kafka: Kafka = testKafka("test-setup", { quiet: true }),
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createAndWait(
      admin,
      names.map((topic) => ({ topic, numPartitions: partitions })),
    );
  } finally {
    await admin.disconnect();
  }
}

/** What a test leaves on the broker: its topics and its consumer groups. */
export async function deleteTestResources(
  prefix: string,
  kafka: Kafka = testKafka(`${prefix}cleanup`, { quiet: true }),
): Promise<void> {
  await deletePrefixedGroups(kafka, prefix).catch(() => undefined);
  await deletePrefixedTopics(kafka, prefix);
}
