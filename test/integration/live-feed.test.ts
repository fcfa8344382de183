// The live feed on the real broker: each web process reads the whole feed with a group of its
// own (two bridges each see every record), starts at the latest offsets (history comes from the
// saga observer's records), and deletes its group when it stops.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, it } from "node:test";
import { makeEnvelope, physicalTopic } from "../../contracts";
import type { SagaEvent } from "../../contracts/socket";
import { startKafkaFeed, type KafkaFeed } from "../../server/bridge/kafkaFeed";
import { connectProducer } from "../../services/kit/kafka/client";
import { createLogger } from "../../services/kit/log";
import { createSagaTopics, deleteTestResources, testKafka } from "../kafka";
import { waitFor } from "./harness";

const prefix = `lf${randomUUID().slice(0, 8)}.`;
const kafka = testKafka("live-feed-test", { quiet: true });
let producer: Awaited<ReturnType<typeof connectProducer>>;

const send = (orderId: string) =>
  producer.send({
    topic: physicalTopic("order-create", prefix),
    messages: [
      {
        key: orderId,
        value: JSON.stringify(
          makeEnvelope({
            eventId: randomUUID(),
            type: "order-create",
            orderId,
            causationId: null,
            producer: "order",
            occurredAt: new Date(),
            payload: { userId: "u", items: [{ productId: "p", quantity: 1 }] },
          }),
        ),
      },
    ],
  });

async function feed(name: string, seen: SagaEvent[]): Promise<KafkaFeed> {
  let up = false;
  const f = await startKafkaFeed({
    kafka,
    groupId: `${prefix}bridge.${name}`,
    topicPrefix: prefix,
    log: createLogger("test", "error"),
    handlers: { event: (e) => void seen.push(e), invalid: () => undefined, status: (s) => void (up = s === "up") },
  });
  await waitFor(async () => up, `bridge ${name} to join its group`);
  return f;
}

before(async () => {
  await createSagaTopics(prefix, { kafka, partitions: 4 });
  producer = await connectProducer(kafka);
});
after(async () => {
  await producer.disconnect();
  await deleteTestResources(prefix, kafka);
});

it("two web processes each see every record from the moment they join, and leave no group behind", async () => {
  const before = randomUUID();
  await send(before);
  const [a, b]: SagaEvent[][] = [[], []];
  const feeds = await Promise.all([feed("a", a), feed("b", b)]);
  try {
    const live = Array.from({ length: 12 }, () => randomUUID());
    for (const id of live) await send(id);
    for (const [name, seen] of [
      ["a", a],
      ["b", b],
    ] as const) {
      await waitFor(
        async () => live.every((id) => seen.some((e) => e.orderId === id)),
        `bridge ${name} to see all 12 live records`,
      );
      assert.equal(
        seen.filter((e) => e.orderId === before).length,
        0,
        `bridge ${name} did not replay the record sent before it started`,
      );
    }
  } finally {
    await Promise.all(feeds.map((f) => f.stop()));
  }
  const admin = kafka.admin();
  await admin.connect();
  const groups = (await admin.listGroups()).groups
    .map((g) => g.groupId)
    .filter((g) => g.startsWith(`${prefix}bridge.`));
  await admin.disconnect();
  assert.deepEqual(groups, [], "each bridge deleted its group on stop");
});
