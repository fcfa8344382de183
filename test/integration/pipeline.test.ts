// The one Kafka pipeline (services/kit/kafka/pipeline.ts) with a sink of the test's own, on the real
// broker and PostgreSQL: what every sink relies on. Good records are written once each, in
// transactions shared across partitions; poison is given up at once, a bug after its attempts,
// a record refused by the read without a try; a flaky write is retried and then written; offsets
// are committed on stop, so a restart of the group redelivers nothing.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, it } from "node:test";
import { ensureDatabase } from "../../server/embedded/postgres";
import { openDatabase, type Database } from "../../services/kit/db/sql";
import { SagaError, toSagaError, type ErrorCode } from "../../services/kit/errors";
import { runPipeline, type KafkaRecord, type RunningPipeline, type Sink } from "../../services/kit/kafka/pipeline";
import { createLogger } from "../../services/kit/log";
import { createTopics, deleteTestResources, testKafka } from "../kafka";
import { waitFor } from "./harness";

const prefix = `pl${randomUUID().slice(0, 8)}.`;
const topics = [`${prefix}a`, `${prefix}b`];
const kafka = testKafka("pipeline-test", { quiet: true });
const producer = kafka.producer();
let db: Database;
let running: RunningPipeline | null = null;

type Item = { key: string; value: string };
const writes = new Map<string, number>();
const givenUp: { value: string; code: ErrorCode; attempts: number }[] = [];
const retried: ErrorCode[] = [];
let transactions = 0;
let flakyFailures = 0;

const sink: Sink<Item> = {
  read: (records: KafkaRecord[]) =>
    records.map((r) => {
      const value = r.value?.toString() ?? "";
      if (value === "unreadable") return { ok: false, error: new SagaError("INVALID_EVENT", "cannot read it") };
      return { ok: true, item: { key: `${r.topic}/${r.partition}/${r.offset}`, value } };
    }),
  async write(items) {
    if (items.some((i) => i.value === "bug")) throw new Error("a bug in the sink");
    if (items.some((i) => i.value === "flaky") && flakyFailures < 2) {
      flakyFailures++;
      throw new Error("flaky");
    }
    await db.transaction(async (tx) => {
      // The CHECK refuses "poison" (SQLSTATE 23514): it can never be stored.
      await tx.query(`INSERT INTO seen (key, value) SELECT * FROM unnest($1::text[], $2::text[])`, [
        items.map((i) => i.key),
        items.map((i) => i.value),
      ]);
    });
    transactions++;
    for (const i of items) writes.set(i.value, (writes.get(i.value) ?? 0) + 1);
  },
  async giveUp(record, _item, error, attempts) {
    givenUp.push({ value: record.value?.toString() ?? "", code: toSagaError(error).code, attempts });
  },
};

const start = (group: string) =>
  runPipeline({
    kafka,
    groupId: `${prefix}${group}`,
    topics,
    sink,
    partitionsConsumedConcurrently: 4,
    retry: { maxAttempts: 3, baseMs: 5 },
    lingerMs: 10,
    log: createLogger("test", "error"),
    onRetry: (_topic, code) => retried.push(code),
  });

before(async () => {
  await createTopics(topics, 3, kafka);
  const url = Object.assign(new URL(process.env.TEST_DATABASE_URL!), {
    pathname: `/${prefix.slice(0, -1)}_pipeline`,
  }).toString();
  await ensureDatabase(url);
  db = openDatabase(url, 4);
  await db.query("CREATE TABLE seen (key text PRIMARY KEY, value text NOT NULL CHECK (value <> 'poison'))");
  await producer.connect();
});
after(async () => {
  await running?.stop();
  await producer.disconnect();
  await db.close();
  await deleteTestResources(prefix, kafka);
});

const good = Array.from({ length: 120 }, (_, i) => `good-${i}`);
const odd = ["poison", "bug", "unreadable", "flaky"];

it("writes good records once, gives up poison, bugs and unreadable records as the retry rule says, and commits past them", async () => {
  const values = [...good.slice(0, 60), ...odd, ...good.slice(60)];
  await producer.send({
    topic: topics[0]!,
    messages: values.map((value, i) => ({ key: `k${i % 7}`, value })),
  });
  await producer.send({ topic: topics[1]!, messages: good.map((value) => ({ key: value, value: `${value}-b` })) });
  running = await start("g");

  const expected = good.length * 2 + 1; // and "flaky"
  await waitFor(async () => (writes.size >= expected && givenUp.length >= 3 ? true : null), "every record handled");
  assert.ok(
    [...writes.values()].every((n) => n === 1),
    "no record written twice",
  );
  assert.equal(writes.get("flaky"), 1, "the flaky record is written once its write succeeds");
  assert.equal(writes.has("poison") || writes.has("bug"), false);
  const byValue = Object.fromEntries(givenUp.map((g) => [g.value, g]));
  assert.deepEqual(byValue.poison, { value: "poison", code: "DB_CONSTRAINT", attempts: 1 });
  assert.deepEqual(byValue.bug, { value: "bug", code: "INTERNAL", attempts: 3 });
  assert.deepEqual(byValue.unreadable, { value: "unreadable", code: "INVALID_EVENT", attempts: 0 });
  assert.equal(givenUp.length, 3);
  assert.ok(retried.filter((c) => c === "INTERNAL").length >= 2, "the bug was retried before it was given up");
  const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM seen");
  assert.equal(Number(rows[0]!.n), expected);
  assert.ok(transactions < expected / 2, `${expected} records took ${transactions} transactions`);

  // A graceful stop commits the offsets: the group's restart redelivers nothing before the next record.
  await running.stop();
  running = null;
  const before = writes.size;
  running = await start("g");
  await producer.send({ topic: topics[1]!, messages: [{ key: "last", value: "after-restart" }] });
  await waitFor(async () => (writes.has("after-restart") ? true : null), "the record sent after the restart");
  assert.equal(writes.size, before + 1);
  assert.ok(
    [...writes.values()].every((n) => n === 1),
    "nothing read again after the restart",
  );
});
