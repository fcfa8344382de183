// The consumer runner on the real broker and PostgreSQL: a fetched batch commits in one
// transaction; a batch with a failing message is split around it, so the good ones commit in
// batches and only the bad one is dead-lettered.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, it } from "node:test";
import { makeEnvelope, physicalTopic, type Envelope } from "../../contracts";
import { ensureDatabase } from "../../server/embedded/postgres";
import { openDatabase, type Database } from "../../services/kit/db/sql";
import { SagaError } from "../../services/kit/errors";
import { createConsumer } from "../../services/kit/kafka/client";
import { runConsumer, type RunningConsumer, type TopicHandlers } from "../../services/kit/kafka/consumer";
import { createLogger } from "../../services/kit/log";
import { createSagaTopics, deleteTestResources, testKafka } from "../kafka";
import { waitFor } from "./harness";

const prefix = `b${randomUUID().slice(0, 8)}.`;
const kafka = testKafka("batch-test");
const producer = kafka.producer();
let db: Database;
let running: RunningConsumer | null = null;
let outage: RunningConsumer | null = null;

/** A stock-service consumer on this file's topics, with fast retries. */
function testConsumer(opts: {
  group: string;
  maxAttempts: number;
  handlers: TopicHandlers;
  batch?: Database["batch"];
}): Promise<RunningConsumer> {
  return runConsumer({
    kafka,
    service: "stock",
    groupId: `${prefix}${opts.group}`,
    topicPrefix: prefix,
    dlqProducer: producer,
    maxAttempts: opts.maxAttempts,
    retryBaseMs: 10,
    partitionsConsumedConcurrently: 2,
    log: createLogger("test", "error"),
    batch: opts.batch,
    handlers: opts.handlers,
  });
}

before(async () => {
  await createSagaTopics(prefix, { kafka });
  const url = Object.assign(new URL(process.env.TEST_DATABASE_URL!), {
    pathname: `/${prefix.slice(0, -1)}_batch`,
  }).toString();
  await ensureDatabase(url);
  db = openDatabase(url, 4);
  await db.query(
    "CREATE TABLE lines (id text PRIMARY KEY, quantity int NOT NULL CHECK (quantity < 100), in_batch boolean NOT NULL)",
  );
  await producer.connect();
});
after(async () => {
  await running?.stop();
  await outage?.stop();
  await producer.disconnect();
  await db.close();
  await deleteTestResources(prefix, kafka);
});

it("commits a batch together and isolates the message that fails", async () => {
  const orderId = randomUUID(); // one key: every message lands on one partition, in order
  const quantities = [1, 2, 3, 4, 500, 6, 7, 8];
  await producer.send({
    topic: physicalTopic("order-create", prefix),
    messages: quantities.map((quantity) => ({
      key: orderId,
      value: JSON.stringify(
        makeEnvelope({
          eventId: randomUUID(),
          type: "order-create",
          orderId,
          causationId: null,
          producer: "order",
          occurredAt: new Date(),
          payload: { userId: "u", items: [{ productId: `p${quantity}`, quantity }] },
        }),
      ),
    })),
  });
  const dlq: Envelope<"saga-dlq">[] = [];
  const reader = createConsumer(kafka, `${prefix}dlq-reader`);
  await reader.connect();
  await reader.subscribe({ topic: physicalTopic("saga-dlq", prefix), fromBeginning: true });
  await reader.run({ eachMessage: async ({ message }) => void dlq.push(JSON.parse(message.value!.toString())) });

  running = await testConsumer({
    group: "stock",
    maxAttempts: 3,
    batch: db.batch,
    handlers: {
      "order-create": async (event) => {
        const item = event.payload.items[0];
        await db.transaction((tx) =>
          tx.query("INSERT INTO lines VALUES ($1, $2, $3)", [item.productId, item.quantity, db.inBatch()]),
        );
      },
    },
  });

  const rows = await waitFor(async () => {
    const r = await db.query<{ id: string; in_batch: boolean }>("SELECT id, in_batch FROM lines ORDER BY quantity");
    return r.rows.length === 7 ? r.rows : null;
  }, "the seven good lines");
  assert.deepEqual(
    rows.map((r) => r.id),
    ["p1", "p2", "p3", "p4", "p6", "p7", "p8"],
  );
  // One fetch holds all eight (one producer request): the four before the failing line are redone
  // together, the failing one alone, and the three after it together again.
  assert.ok(
    rows.every((r) => r.in_batch),
    "the lines around the failing one committed in batches, not one by one",
  );
  const dead = await waitFor(async () => dlq.find((d) => d.orderId === orderId), "the dead letter");
  assert.equal(dead.payload.error.code, "DB_CONSTRAINT");
  assert.equal(dead.payload.attempts, 1, "a constraint violation is not retried");
  assert.match(dead.payload.original, /"quantity":500/);

  const more = [10, 11, 12].map((quantity) =>
    makeEnvelope({
      eventId: randomUUID(),
      type: "order-create",
      orderId,
      causationId: null,
      producer: "order",
      occurredAt: new Date(),
      payload: { userId: "u", items: [{ productId: `q${quantity}`, quantity }] },
    }),
  );
  await running.consumer.pause([{ topic: physicalTopic("order-create", prefix) }]);
  await producer.send({
    topic: physicalTopic("order-create", prefix),
    messages: more.map((e) => ({ key: orderId, value: JSON.stringify(e) })),
  });
  running.consumer.resume([{ topic: physicalTopic("order-create", prefix) }]);
  const batched = await waitFor(async () => {
    const r = await db.query<{ in_batch: boolean }>("SELECT in_batch FROM lines WHERE id LIKE 'q%'");
    return r.rows.length === 3 ? r.rows : null;
  }, "the next three lines");
  assert.ok(
    batched.some((r) => r.in_batch),
    "a batch without failures commits in one transaction",
  );
  await reader.disconnect();
});

it("keeps retrying through a database outage longer than its retry budget, and dead-letters nothing", async () => {
  const orderId = randomUUID();
  const event = makeEnvelope({
    eventId: randomUUID(),
    type: "pay-fail",
    orderId,
    causationId: null,
    producer: "balance",
    occurredAt: new Date(),
    payload: { userId: "u", amount: 1, reason: "INSUFFICIENT_BALANCE", detail: "outage test" },
  });
  await producer.send({
    topic: physicalTopic("pay-fail", prefix),
    messages: [{ key: orderId, value: JSON.stringify(event) }],
  });
  let calls = 0;
  outage = await testConsumer({
    group: "outage",
    maxAttempts: 2,
    handlers: {
      "pay-fail": async () => {
        calls++;
        if (calls <= 6) throw new SagaError("DB_UNAVAILABLE", `database down (call ${calls})`);
        await db.query("INSERT INTO lines VALUES ('after-outage', 1, false)");
      },
    },
  });
  await waitFor(
    async () => (await db.query("SELECT 1 FROM lines WHERE id = 'after-outage'")).rows.length === 1,
    "the event applied once the database is back",
  );
  assert.equal(calls, 7);
  assert.equal(outage.deadLettered(), 0);
});
