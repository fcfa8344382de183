// Four members of one consumer group on the real broker, started at once as a service's instances
// are: the partitions are shared, each record is handled once, and the group rebalances when one
// member leaves.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, it } from "node:test";
import type { ConsumerConfig, Kafka } from "kafkajs";
import { makeEnvelope, physicalTopic, TOPIC_PARTITIONS } from "../../contracts";
import { connectProducer } from "../../services/kit/kafka/client";
import { runConsumer, type RunningConsumer } from "../../services/kit/kafka/consumer";
import { createLogger } from "../../services/kit/log";
import { createTopics, deleteTestResources, testKafka } from "../kafka";
import { waitFor } from "./harness";

const prefix = `g${randomUUID().slice(0, 8)}.`;
const kafka = testKafka("members-test", { quiet: true });
let producer: Awaited<ReturnType<typeof connectProducer>>;
const members: RunningConsumer[] = [];

before(async () => {
  await createTopics(
    [physicalTopic("order-create", prefix), physicalTopic("saga-dlq", prefix)],
    TOPIC_PARTITIONS,
    kafka,
  );
  producer = await connectProducer(kafka);
});
after(async () => {
  await Promise.all(members.map((m) => m.stop()));
  await producer.disconnect();
  await deleteTestResources(prefix, kafka);
});

it("four members share the partitions, each record is handled once, and three carry on when one leaves", async () => {
  const handled = new Map<string, number[]>();
  const joins = new Map<number, { partitions: number[]; isLeader: boolean; durationMs: number }>();
  // The consumers are created inside runConsumer, which joins before it returns: listen from creation.
  const start = (m: number) =>
    runConsumer({
      kafka: Object.assign(Object.create(kafka) as Kafka, {
        consumer: (config: ConsumerConfig) => {
          const consumer = kafka.consumer(config);
          consumer.on(consumer.events.GROUP_JOIN, ({ payload }) =>
            joins.set(m, {
              partitions: Object.values(payload.memberAssignment).flat(),
              isLeader: payload.isLeader,
              durationMs: payload.duration,
            }),
          );
          return consumer;
        },
      }),
      service: "stock",
      groupId: `${prefix}stock`,
      topicPrefix: prefix,
      dlqProducer: producer,
      maxAttempts: 3,
      retryBaseMs: 10,
      partitionsConsumedConcurrently: 2,
      log: createLogger("test", "error"),
      handlers: {
        "order-create": async (event) => void handled.set(event.eventId, [...(handled.get(event.eventId) ?? []), m]),
      },
    });
  // All four start at once, as a service's instances do; run() returns once a member has joined.
  members.push(...(await Promise.all([0, 1, 2, 3].map(start))));
  const settled = (n: number) =>
    joins.size === n &&
    [...joins.values()].every((j) => j.partitions.length === TOPIC_PARTITIONS / n) &&
    new Set([...joins.values()].flatMap((j) => j.partitions)).size === TOPIC_PARTITIONS;
  await waitFor(async () => settled(4), "four members with two partitions each", 60_000);

  const send = async (n: number) => {
    const ids = Array.from({ length: n }, () => randomUUID());
    await producer.send({
      topic: physicalTopic("order-create", prefix),
      messages: ids.map((orderId) => ({
        key: orderId,
        value: JSON.stringify(
          makeEnvelope({
            eventId: orderId,
            type: "order-create",
            orderId,
            causationId: null,
            producer: "order",
            occurredAt: new Date(),
            payload: { userId: "u", items: [{ productId: "p", quantity: 1 }] },
          }),
        ),
      })),
    });
    await waitFor(async () => ids.every((id) => handled.has(id)), "every record handled", 60_000);
    assert.deepEqual(
      ids.filter((id) => handled.get(id)!.length !== 1),
      [],
      "no record handled twice",
    );
    return new Set(ids.flatMap((id) => handled.get(id)!));
  };
  assert.equal((await send(40)).size, 4, "each member handled some of the records");

  // One member leaves: the other three rebalance and take its partitions.
  joins.clear();
  await members.pop()!.stop();
  await waitFor(
    async () => joins.size === 3 && new Set([...joins.values()].flatMap((j) => j.partitions)).size === TOPIC_PARTITIONS,
    "three members sharing the partitions",
    90_000,
  );
  assert.equal((await send(30)).size, 3, "the three remaining members handled the new records");
});
