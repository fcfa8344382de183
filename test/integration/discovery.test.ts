// The topic list and discovery on real topics (attach.md, "Proposing a definition from the
// traffic"): the bank example's transfers published under the test's prefix, a group of "the
// other team" reading them, and the observer (and the web's gateway in front of it) asked for the
// topics and for a proposal. Discovery must write nothing, leave no group behind, answer bad input
// with a 4xx or a proposal that says what it could not find, and find the example's saga.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseDefinition, type DiscoverAnswer, type KafkaTopicInfo } from "../../contracts/sagas";
import { DISCOVER_LIMITS } from "../../contracts/sagas/discovery";
import { accuracy } from "../../bench/discovery/accuracy";
import { createExampleTopics, publishTransfers } from "../../examples/bank-transfer/publish";
import { transferRecords } from "../../examples/bank-transfer/transfers";
import type { SampledRecord } from "../../services/observer/domain/discovery/fields";
import { SAMPLE_GRACE_MS } from "../../services/observer/infra/topic-sampler";
import { startGateway, type TestGateway } from "./gateway-server";
import { exampleDefinition, startObserverEnv, type ObserverEnv } from "./observer-env";

const TRANSFERS = 200;
let env: ObserverEnv;
let web: TestGateway;

const post = async (path: string, body: unknown, base = `http://127.0.0.1:${env.observer().port}`) => {
  const r = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as DiscoverAnswer & { error?: { code: string } } };
};

async function watermarks(topics: string[]): Promise<string> {
  const admin = env.kafka.admin();
  await admin.connect();
  try {
    const all = await Promise.all(topics.map((t) => admin.fetchTopicOffsets(t)));
    return JSON.stringify(all);
  } finally {
    await admin.disconnect();
  }
}

async function groups(): Promise<string[]> {
  const admin = env.kafka.admin();
  await admin.connect();
  try {
    return (await admin.listGroups()).groups.map((g) => g.groupId);
  } finally {
    await admin.disconnect();
  }
}

describe("discovery on real topics", () => {
  before(async () => {
    env = await startObserverEnv();
    await env.start();
    const { transfers, ledger } = env.topics;
    await createExampleTopics(env.kafka, [transfers, ledger], 3);
    await publishTransfers({ producer: env.producer, topics: env.topics, run: "d1", count: TRANSFERS, rate: 0 });
    // "The debit bank" reads the transfers: committed offsets, no member.
    const admin = env.kafka.admin();
    await admin.connect();
    await admin.setOffsets({
      groupId: `${env.prefix}bank-debit`,
      topic: transfers,
      partitions: [0, 1, 2].map((partition) => ({ partition, offset: "0" })),
    });
    await admin.disconnect();
    web = await startGateway({
      prefix: env.prefix,
      url: () => "http://127.0.0.1:9",
      observer: { port: env.observer().port },
    });
  });
  after(async () => {
    web?.close();
    await env?.stop();
  });

  it("lists the topics with partitions, records and the groups that read them, through the gateway", async () => {
    const r = await fetch(`${web.base}/api/kafka/topics`);
    assert.equal(r.status, 200);
    const list = (await r.json()) as KafkaTopicInfo[];
    const transfers = list.find((t) => t.name === env.topics.transfers);
    assert.ok(transfers, "the transfers topic is listed");
    assert.equal(transfers.partitions, 3);
    const planned = Array.from({ length: TRANSFERS }, (_, i) => transferRecords("d1", i, env.topics)).flat();
    assert.equal(transfers.records, planned.filter((p) => p.topic === env.topics.transfers).length);
    assert.ok(transfers.groups.includes(`${env.prefix}bank-debit`), JSON.stringify(transfers.groups));
    assert.ok(
      list.every((t) => !t.name.startsWith("__")),
      "internal topics are left out",
    );
  });

  it("proposes the bank example's saga, writing nothing and leaving no group", async () => {
    const topics = [env.topics.transfers, env.topics.ledger];
    const marks = await watermarks(topics);
    const r = await post("/api/sagas/discover", { topics, seconds: 0 }, web.base);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.body.definition, JSON.stringify(r.body.evidence.problems));
    assert.equal(r.body.evidence.correlation[0]?.field, "transferId");
    assert.equal(
      r.body.evidence.sampled[env.topics.transfers]! + r.body.evidence.sampled[env.topics.ledger]!,
      Array.from({ length: TRANSFERS }, (_, i) => transferRecords("d1", i, env.topics)).flat().length,
    );
    // The YAML is the same definition.
    const again = parseDefinition(r.body.yaml);
    assert.ok(again.ok && JSON.stringify(again.definition) === JSON.stringify(r.body.definition), r.body.yaml);
    // The debit bank's group is the consumer of the transfers' steps.
    const requested = r.body.evidence.steps.find((s) => s.topic === env.topics.transfers);
    assert.ok(requested?.to.includes("bank-debit"), JSON.stringify(requested));
    // Measured against the example's own saga.yaml, on the records published.
    const truth = parseDefinition(exampleDefinition(env.prefix, 20_000));
    assert.ok(truth.ok);
    const records: SampledRecord[] = Array.from({ length: TRANSFERS }, (_, i) => transferRecords("d1", i, env.topics))
      .flat()
      .map((p, n) => {
        let value: unknown;
        try {
          value = JSON.parse(p.value);
        } catch {
          value = undefined;
        }
        return {
          topic: p.topic,
          partition: 0,
          offset: String(n),
          timestamp: 0,
          key: p.key === null ? null : new TextEncoder().encode(p.key),
          headers: p.headers ?? {},
          value,
        };
      });
    const a = accuracy(truth.definition, r.body.definition, records);
    assert.ok(a.correlationRight, JSON.stringify(a));
    assert.ok(a.precision >= 0.95 && a.recall >= 0.95, JSON.stringify(a));
    assert.equal(await watermarks(topics), marks, "discovery wrote nothing");
    const left = (await groups()).filter((g) => g.includes("discover-"));
    assert.deepEqual(left, [], "no discovery group is left");
  });

  it("answers bad input with a 4xx, or a proposal that names what it could not find", async () => {
    const started = Date.now();
    const many = Array.from({ length: 500 }, (_, i) => `${env.prefix}t${i}`);
    assert.equal((await post("/sagas/discover", { topics: many })).status, 400);
    assert.equal((await post("/sagas/discover", { topics: [env.topics.transfers], maxRecords: 1e9 })).status, 400);
    assert.equal((await post("/sagas/discover", { topics: [] })).status, 400);
    assert.equal((await post("/sagas/discover", { topics: [env.topics.transfers], extra: 1 })).status, 400);
    assert.equal((await post("/sagas/discover", "{not json")).status, 400);
    const unknown = await post("/sagas/discover", { topics: [`${env.prefix}nope`] });
    assert.equal(unknown.status, 404);
    const some = await post("/sagas/discover", { topics: [env.topics.transfers, `${env.prefix}nope`], seconds: 0 });
    assert.equal(some.status, 200);
    assert.ok(
      some.body.evidence.problems.some((p) => p.includes(`${env.prefix}nope`)),
      JSON.stringify(some.body.evidence.problems),
    );
    assert.ok(Date.now() - started < DISCOVER_LIMITS.seconds * 1000 + SAMPLE_GRACE_MS);
  });

  it("says what it could not find in records that are all binary or all unique", async () => {
    const binary = `${env.prefix}binary`;
    const unique = `${env.prefix}unique`;
    await createExampleTopics(env.kafka, [binary, unique], 1);
    await env.producer.send({
      topic: binary,
      messages: Array.from({ length: 50 }, (_, i) => ({ key: null, value: Buffer.from([0xff, 0xfe, i, 0x00, 0x13]) })),
    });
    await env.producer.send({
      topic: unique,
      messages: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: JSON.stringify({ id: `u${i}`, n: i }) })),
    });
    for (const topic of [binary, unique]) {
      const r = await post("/sagas/discover", { topics: [topic], seconds: 0 });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.definition, null);
      assert.equal(r.body.yaml, "");
      assert.ok(
        r.body.evidence.problems.some((p) => p.includes("no correlation")),
        JSON.stringify(r.body.evidence.problems),
      );
      assert.equal(r.body.evidence.sampled[topic], 50);
    }
    const left = (await groups()).filter((g) => g.includes("discover-"));
    assert.deepEqual(left, [], "no discovery group is left");
  });

  it("reads topics written in transactions to their end (a commit marker last), without waiting for the time limit", async () => {
    const orders = `${env.prefix}tx.orders`;
    const replies = `${env.prefix}tx.replies`;
    await createExampleTopics(env.kafka, [orders, replies], 1);
    const producer = env.kafka.producer({
      transactionalId: `${env.prefix}tx`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    const tx = await producer.transaction();
    for (let i = 0; i < 20; i++) {
      await tx.send({ topic: orders, messages: [{ key: `o${i}`, value: JSON.stringify({ status: "NEW" }) }] });
      await tx.send({
        topic: replies,
        messages: [{ key: `o${i}`, value: JSON.stringify({ status: i % 2 ? "OK" : "FAIL" }) }],
      });
    }
    await tx.commit();
    await producer.disconnect();
    const r = await post("/sagas/discover", { topics: [orders, replies], seconds: 0 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.definition?.correlation, { key: true });
    assert.deepEqual(r.body.evidence.sampled, { [orders]: 20, [replies]: 20 });
    assert.ok(
      !r.body.evidence.problems.some((p) => p.includes("time limit")),
      JSON.stringify(r.body.evidence.problems),
    );
  });
});
