// A read model cannot be wedged by one record. Poison holding NULs, or cut inside a surrogate
// pair, is dead-lettered in a form the order service can store (so the operator sees it); and a
// projection parks a record it can never store, keeps the rest of the batch, and moves on.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Kafka, logLevel } from "kafkajs";
import { makeEnvelope, physicalTopic, TOPIC_PARTITIONS, type DeadLetterView } from "../../contracts";
import { createTopics, deleteTestResources } from "../kafka";
import { ensureDatabase } from "../../server/embedded/postgres";
import { migrate, migrationsDir } from "../../services/kit/db/migrate";
import { openDatabase, type Database } from "../../services/kit/db/sql";
import { sqlParking } from "../../services/kit/kafka/parking";
import { runProjection } from "../../services/kit/kafka/projection";
import { createLogger } from "../../services/kit/log";
import { isSettled, startSagaEnv, waitFor, type SagaEnv } from "./harness";

describe("dead letters of poison a read model could not store", () => {
  let env: SagaEnv;
  before(async () => {
    env = await startSagaEnv({
      products: [{ id: "lamp", name: "Lamp", price: 10, stock: 100 }],
      users: [{ id: "ann", name: "Ann", balance: 1000 }],
    });
  });
  after(() => env.stop());

  const deadLetters = async () =>
    (await (await fetch(env.url("order", "/admin/dlq?topic=order-create"))).json()) as DeadLetterView[];

  it("are recorded with the bad characters replaced, and the saga goes on", async () => {
    const marker = randomUUID();
    await env.publishRaw("order-create", `key\u0000${marker}`, `\u0000{"nul":"${marker}"}`);
    // 100,000 characters are kept: this record is cut between the halves of an emoji.
    await env.publishRaw("order-create", marker, `${"x".repeat(99_999)}\u{1F600}${marker}`);
    const both = await waitFor(async () => {
      const mine = (await deadLetters()).filter(
        (d) => d.original.includes(marker) || d.orderId === marker || d.original.startsWith("x".repeat(100)),
      );
      return mine.length >= 2 && mine;
    }, "both dead letters stored");
    const nul = both.find((d) => d.original.includes(marker))!;
    assert.equal(nul.original, `\uFFFD{"nul":"${marker}"}`);
    assert.equal(nul.orderId, `key\uFFFD${marker}`, "the key, made storable, names the dead letter");
    const cut = both.find((d) => d.original.startsWith("x"))!;
    assert.equal(cut.orderId, marker);
    assert.equal(cut.original.length, 100_000);
    assert.ok(cut.original.isWellFormed());
    assert.ok(cut.original.endsWith("\uFFFD"));

    const placed = await env.placeOrder({ userId: "ann", items: [{ productId: "lamp", quantity: 1 }] });
    // The observer reads each topic on its own, so the journey is waited for, step by step.
    const done = await env.waitForOrder(
      String(placed.body.orderId),
      (o) => isSettled(o) && o.steps.length >= 5,
      "an order after the poison, its journey recorded",
    );
    assert.equal(done.status, "COMPLETED");
    const health = (await (await fetch(env.url("order", "/health"))).json()) as { parked: number };
    assert.equal(health.parked, 0, "nothing had to be parked");
  });
});

describe("a projection that meets a record it can never store", () => {
  const prefix = `p${randomUUID().slice(0, 8)}.`;
  const kafka = new Kafka({
    clientId: "projection-test",
    brokers: process.env.KAFKA_BROKERS!.split(","),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  let db: Database;
  const stops: (() => Promise<void>)[] = [];

  before(async () => {
    await createTopics([physicalTopic("order-create", prefix)], TOPIC_PARTITIONS, kafka);
    const url = Object.assign(new URL(process.env.TEST_DATABASE_URL!), {
      pathname: `/${prefix.slice(0, -1)}_projection`,
    }).toString();
    await ensureDatabase(url);
    await migrate(url, migrationsDir("order"));
    db = openDatabase(url, 4);
    // A read model with a rule some records break (a data error, SQLSTATE class 23).
    await db.query(
      "CREATE TABLE seen (event_id text PRIMARY KEY, order_id text NOT NULL CHECK (order_id NOT LIKE 'bad-%'))",
    );
    await producer.connect();
  });
  after(async () => {
    for (const stop of stops) await stop();
    await producer.disconnect();
    await db.close();
    await deleteTestResources(prefix, kafka);
  });

  it("parks that record alone, stores the rest of its batch, and keeps going", async () => {
    const key = randomUUID(); // one key: one partition, in order, so the bad ones share batches with good ones
    const ids = ["ok-1", "ok-2", "bad-1", "ok-3", "bug-1", "ok-4", "bad-2", "ok-5"];
    const event = (orderId: string) =>
      makeEnvelope({
        eventId: randomUUID(),
        type: "order-create",
        orderId,
        causationId: null,
        producer: "order",
        occurredAt: new Date(),
        payload: { userId: "u", items: [{ productId: "p", quantity: 1 }] },
      });
    await producer.send({
      topic: physicalTopic("order-create", prefix),
      messages: ids.map((id) => ({ key, value: JSON.stringify(event(id)) })),
    });

    let bugTries = 0;
    const running = await runProjection({
      kafka,
      groupId: `${prefix}timeline`,
      topicPrefix: prefix,
      park: sqlParking(db),
      maxAttempts: 3,
      retryBaseMs: 10,
      partitionsConsumedConcurrently: 1,
      log: createLogger("test", "error"),
      projection: {
        topics: ["order-create"],
        async apply(batch) {
          // A bug that hits one record whatever is tried (an INTERNAL error): parked after the attempts.
          if (batch.length === 1 && batch[0]!.event.orderId.startsWith("bug-")) bugTries++;
          if (batch.some((b) => b.event.orderId.startsWith("bug-"))) throw new Error("a bug in the projection");
          await db.query(
            "INSERT INTO seen (event_id, order_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING",
            [batch.map((b) => b.event.eventId), batch.map((b) => b.event.orderId)],
          );
        },
      },
    });
    stops.push(running.stop);

    const stored = await waitFor(async () => {
      const { rows } = await db.query<{ order_id: string }>("SELECT order_id FROM seen ORDER BY order_id");
      return rows.length === 5 && rows.map((r) => r.order_id);
    }, "the five good records stored");
    assert.deepEqual(stored, ["ok-1", "ok-2", "ok-3", "ok-4", "ok-5"]);
    const parked = await waitFor(async () => {
      const { rows } = await db.query<{ error_code: string; attempts: number; record_value: Buffer; offset: string }>(
        `SELECT error_code, attempts, record_value, "offset" FROM parked_events WHERE group_id = $1 ORDER BY "offset"`,
        [`${prefix}timeline`],
      );
      return rows.length === 3 && rows;
    }, "the three bad records parked");
    assert.deepEqual(
      parked.map((p) => JSON.parse(p.record_value.toString()).orderId),
      ["bad-1", "bug-1", "bad-2"],
    );
    assert.deepEqual(
      parked.map((p) => p.error_code),
      ["DB_CONSTRAINT", "INTERNAL", "DB_CONSTRAINT"],
    );
    assert.equal(parked[0]!.attempts, 1, "a data error is parked at once");
    assert.equal(bugTries, 3, "a bug is tried the attempt budget, alone, before parking");
    assert.equal(running.parked(), 3);

    // The partition moved on: a later record is stored, and the group committed past the parked ones.
    await producer.send({
      topic: physicalTopic("order-create", prefix),
      messages: [{ key, value: JSON.stringify(event("ok-6")) }],
    });
    await waitFor(
      async () => (await db.query("SELECT 1 FROM seen WHERE order_id = 'ok-6'")).rowCount === 1,
      "a record after the parked ones",
    );
    const admin = kafka.admin();
    await admin.connect();
    try {
      const committed = await waitFor(async () => {
        const [g] = await admin.fetchOffsets({
          groupId: `${prefix}timeline`,
          topics: [physicalTopic("order-create", prefix)],
        });
        const total = g!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
        return total === ids.length + 1 && total;
      }, "offsets committed past every record");
      assert.equal(committed, 9);
    } finally {
      await admin.disconnect();
    }
  });
});
