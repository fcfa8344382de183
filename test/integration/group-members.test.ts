// Four members of one consumer group on the embedded broker, with the assigner every service uses
// (services/kit/kafka/assigner.ts): the leader waits before its SyncGroup, the partitions are
// still shared round robin, and each record is handled once.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, it } from "node:test";
import { Kafka, logLevel, type ConsumerConfig } from "kafkajs";
import { makeEnvelope, physicalTopic, TOPIC_PARTITIONS } from "../../contracts";
import { createTopicsVia } from "../../server/embedded/broker";
import { runConsumer, type RunningConsumer } from "../../services/kit/kafka/consumer";
import { createLogger } from "../../services/kit/log";
import { waitFor } from "./harness";

const prefix = `g${randomUUID().slice(0, 8)}.`;
const kafka = new Kafka({ clientId: "members-test", brokers: process.env.KAFKA_BROKERS!.split(","), logLevel: logLevel.NOTHING });
const producer = kafka.producer();
const members: RunningConsumer[] = [];
const graceMs = 400;

before(async () => {
  await createTopicsVia(process.env.BROKER_CONTROL_URL!, [physicalTopic("order-create", prefix), physicalTopic("saga-dlq", prefix)], TOPIC_PARTITIONS);
  await producer.connect();
});
after(async () => {
  await Promise.all(members.map((m) => m.stop()));
  await producer.disconnect();
});

it("four members share the partitions, each record is handled once, and the leader waits before it syncs", async () => {
  const handled = new Map<string, number[]>();
  const joins = new Map<number, { partitions: number[]; isLeader: boolean; durationMs: number }>();
  // The consumers are created inside runConsumer, which joins before it returns: listen from creation.
  const start = (m: number) =>
    runConsumer({
      kafka: Object.assign(Object.create(kafka) as Kafka, {
        consumer: (config: ConsumerConfig) => {
          const consumer = kafka.consumer(config);
          consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => joins.set(m, { partitions: Object.values(payload.memberAssignment).flat(), isLeader: payload.isLeader, durationMs: payload.duration }));
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
      syncGraceMs: graceMs,
      log: createLogger("test", "error"),
      handlers: { "order-create": async (event) => void handled.set(event.eventId, [...(handled.get(event.eventId) ?? []), m]) },
    });
  // All four start at once, as a service's instances do; run() returns once a member has joined.
  members.push(...(await Promise.all([0, 1, 2, 3].map(start))));
  const settled = (n: number) => joins.size === n && [...joins.values()].every((j) => j.partitions.length === TOPIC_PARTITIONS / n) && new Set([...joins.values()].flatMap((j) => j.partitions)).size === TOPIC_PARTITIONS;
  await waitFor(async () => settled(4), "four members with two partitions each", 60_000);

  const send = async (n: number) => {
    const ids = Array.from({ length: n }, () => randomUUID());
    await producer.send({
      topic: physicalTopic("order-create", prefix),
      messages: ids.map((orderId) => ({
        key: orderId,
        value: JSON.stringify(makeEnvelope({ eventId: orderId, type: "order-create", orderId, causationId: null, producer: "order", occurredAt: new Date(), payload: { userId: "u", items: [{ productId: "p", quantity: 1 }] } })),
      })),
    });
    await waitFor(async () => ids.every((id) => handled.has(id)), "every record handled", 60_000);
    assert.deepEqual(ids.filter((id) => handled.get(id)!.length !== 1), [], "no record handled twice");
    return new Set(ids.flatMap((id) => handled.get(id)!));
  };
  assert.equal((await send(40)).size, 4, "each member handled some of the records");

  // One member leaves: the other three rebalance, the leader waiting its grace before it syncs.
  joins.clear();
  await members.pop()!.stop();
  await waitFor(async () => joins.size === 3 && new Set([...joins.values()].flatMap((j) => j.partitions)).size === TOPIC_PARTITIONS, "three members sharing the partitions", 90_000);
  const leader = [...joins.values()].find((j) => j.isLeader);
  assert.ok(leader && leader.durationMs >= graceMs, `the leader's rejoin took ${leader?.durationMs} ms, at least the ${graceMs} ms grace`);
  assert.equal((await send(30)).size, 3, "the three remaining members handled the new records");
});
