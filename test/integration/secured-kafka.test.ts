// Attached to a secured cluster: one local broker (its own, beside with-infra's) with mutual-TLS,
// TLS and SASL_SSL listeners on certificates keytool made for this test. The observer reads the
// bank-transfer example through SCRAM-SHA-512, mutual TLS (an encrypted key) and OAUTHBEARER
// (tokens from a token endpoint of the test); the live feed reads through PLAIN and mutual TLS;
// the provisioner makes topics through SCRAM-SHA-256. Wrong credentials, an unknown CA, a topic the
// user may not describe and one it may describe but not read are said with the setting (or topic)
// to look at, in seconds.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import kafkajs, { type Kafka } from "kafkajs";
import { makeEnvelope, physicalTopic } from "../../contracts";
import type { SagaDetail } from "../../contracts/sagas";
import type { SagaEvent } from "../../contracts/socket";
import { createExampleTopics, publishTransfers } from "../../examples/bank-transfer/publish";
import { startKafkaFeed } from "../../server/bridge/kafkaFeed";
import { SECURED_USERS, startSecuredKafka, type SecuredKafka } from "../../server/embedded/secured-broker";
import { connectProducer, createKafka, kafkaConnectionSchema } from "../../services/kit/kafka/client";
import { explainKafkaFailure } from "../../services/kit/kafka/failure";
import { createLogger } from "../../services/kit/log";
import { createSagaTopics } from "../kafka";
import { recordsOf } from "./bank-expect";
import { waitFor } from "./harness";
import { securedSettings, startSecuredObserver, startTokenEndpoint, type SecuredObserver } from "./secured-env";

// kafkajs's enums are not named exports Node can see in its CommonJS.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
const dir = mkdtempSync(join(tmpdir(), "secured-kafka-"));
const prefix = "sec.";
const TRANSFERS = 20;
let broker: SecuredKafka;
let token: Awaited<ReturnType<typeof startTokenEndpoint>>;
let settings: ReturnType<typeof securedSettings>;
const through = (env: Record<string, string>, name: string) =>
  createKafka(kafkaConnectionSchema.parse(env), name, { quiet: true });
const observers: SecuredObserver[] = [];
const observe = async (env: Record<string, string>) => {
  const o = await startSecuredObserver(prefix, env);
  observers.push(o);
  return o;
};
const healthDetail = async (o: SecuredObserver) =>
  (await o.get<{ status: string; detail?: string }>("/health")).body.detail ?? "";

before(async () => {
  const started = Date.now();
  [broker, token] = await Promise.all([startSecuredKafka({ dir, log: () => undefined }), startTokenEndpoint()]);
  settings = securedSettings(broker, token.url);
  console.log(`secured broker and certificates in ${Date.now() - started} ms`);
  // The operator's door makes the example's topics and the ACL: SCRAM-SHA-256's user may not touch the ledger.
  const operator = createKafka({ brokers: [broker.internal] }, "operator", { quiet: true });
  await createExampleTopics(operator, [`${prefix}bank.transfers`, `${prefix}bank.ledger`], 2);
  const admin = operator.admin();
  await admin.connect();
  const ledger = { resourceType: AclResourceTypes.TOPIC, resourceName: `${prefix}bank.ledger` };
  const acl = { ...ledger, resourcePatternType: ResourcePatternTypes.LITERAL, host: "*" };
  await admin.createAcls({
    acl: [
      { ...acl, principal: "User:*", operation: AclOperationTypes.ALL, permissionType: AclPermissionTypes.ALLOW },
      {
        ...acl,
        principal: `User:${SECURED_USERS["scram-sha-256"].username}`,
        operation: AclOperationTypes.ALL,
        permissionType: AclPermissionTypes.DENY,
      },
      // PLAIN's user may describe the ledger (and write to it) but not read it.
      {
        ...acl,
        principal: `User:${SECURED_USERS.plain.username}`,
        operation: AclOperationTypes.READ,
        permissionType: AclPermissionTypes.DENY,
      },
    ],
  });
  await admin.disconnect();
});
after(async () => {
  await Promise.allSettled(observers.map((o) => o.stop()));
  await Promise.allSettled([broker?.stop(), token?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

it("the observer reads the example through SCRAM-SHA-512, mutual TLS and OAUTHBEARER; records are sent through PLAIN", async () => {
  const readers = await Promise.all([observe(settings.scram512), observe(settings.mtls), observe(settings.oauth)]);
  const producer = await connectProducer(through(settings.plain, "bank-publisher"));
  const topics = { transfers: `${prefix}bank.transfers`, ledger: `${prefix}bank.ledger` };
  await publishTransfers({ producer, topics, run: "sec", count: TRANSFERS, rate: 0 });
  await producer.disconnect();
  for (const [name, o] of [
    ["SCRAM-SHA-512", readers[0]],
    ["mutual TLS", readers[1]],
    ["OAUTHBEARER", readers[2]],
  ] as const)
    await waitFor(
      async () => (await o.get<SagaDetail>("/sagas/bank-transfer")).body.records.total === recordsOf(TRANSFERS),
      `the observer through ${name} to read all ${recordsOf(TRANSFERS)} records`,
      60_000,
    );
  assert.ok(token.requests() >= 1, "the OAUTHBEARER client fetched its token from the endpoint");
  assert.ok(token.requests() <= 5, `tokens are kept, not fetched per connection (${token.requests()} fetched)`);
  for (const o of readers) assert.equal((await o.get("/health")).status, 200);
});

it("the live feed reads through PLAIN and mutual TLS; the provisioner makes topics through SCRAM-SHA-256", async () => {
  await createSagaTopics(prefix, { kafka: through(settings.scram256, "provisioner"), partitions: 2 });
  const seen: Record<string, SagaEvent[]> = { plain: [], mtls: [] };
  const feeds = await Promise.all(
    (["plain", "mtls"] as const).map(async (name) => {
      let up = false;
      const f = await startKafkaFeed({
        kafka: through(settings[name], `feed-${name}`),
        groupId: `${prefix}bridge.${name}`,
        topicPrefix: prefix,
        log: createLogger("test", "error"),
        handlers: {
          event: (e) => void seen[name]!.push(e),
          invalid: () => undefined,
          status: (s) => void (up = s === "up"),
        },
      });
      await waitFor(async () => up, `the ${name} feed to join its group`);
      return f;
    }),
  );
  try {
    const producer = await connectProducer(through(settings.tls, "order-producer"));
    const envelope = makeEnvelope({
      eventId: randomUUID(),
      type: "order-create",
      orderId: "o-secured",
      causationId: null,
      producer: "order",
      occurredAt: new Date(),
      payload: { userId: "u", items: [{ productId: "p", quantity: 1 }] },
    });
    await producer.send({
      topic: physicalTopic("order-create", prefix),
      messages: [{ key: "o-secured", value: JSON.stringify(envelope) }],
    });
    await producer.disconnect();
    for (const name of ["plain", "mtls"])
      await waitFor(
        async () => seen[name]!.some((e) => e.orderId === "o-secured"),
        `the ${name} feed to see the order`,
      );
  } finally {
    await Promise.all(feeds.map((f) => f.stop()));
  }
});

it("a wrong password, a wrong client secret and an unknown CA are said with the setting, in seconds", async () => {
  const wrong = {
    password: { ...settings.scram512, KAFKA_SASL_PASSWORD: "not-the-password" },
    secret: { ...settings.oauth, KAFKA_SASL_OAUTH_CLIENT_SECRET: "not-the-secret" },
    ca: { ...settings.tls, KAFKA_SSL_CA_FILE: broker.certificates.otherCaPem },
  };
  const expected = {
    password: /refused the credentials .*KAFKA_SASL_PASSWORD/,
    secret: /KAFKA_SASL_OAUTH_CLIENT_SECRET/,
    ca: /not signed by a CA this client trusts .*KAFKA_SSL_CA_FILE/,
  };
  for (const [name, env] of Object.entries(wrong) as [keyof typeof wrong, Record<string, string>][]) {
    const started = Date.now();
    const o = await observe(env);
    const detail = await waitFor(async () => (await healthDetail(o)) || null, `the observer (${name}) to say`, 15_000);
    assert.match(detail, expected[name], name);
    assert.equal((await o.get("/health")).status, 503);
    // The live feed fails its start the same way, explained, within the same bound.
    const failed = await startKafkaFeed({
      kafka: through(env, `feed-${name}`),
      groupId: `${prefix}bridge.wrong-${name}`,
      topicPrefix: prefix,
      log: createLogger("test", "error"),
      handlers: { event: () => undefined, invalid: () => undefined, status: () => undefined },
    }).then(
      async (f) => (await f.stop(), null),
      (err: unknown) => err,
    );
    assert.match(explainKafkaFailure(failed)?.message ?? String(failed), expected[name], `live feed: ${name}`);
    assert.ok(Date.now() - started < 20_000, `${name}: said in ${Date.now() - started} ms`);
    await o.stop();
  }
});

it("a topic the user may not read is shown with its reason, and the other topic is still read", async () => {
  const o = await observe(settings.scram256);
  const detail = await waitFor(async () => (await healthDetail(o)) || null, "the observer to name the topic", 15_000);
  assert.match(detail, new RegExp(`topic ${prefix}bank\\.ledger: not authorized on topic ${prefix}bank\\.ledger`));
  const transfers = recordsOf(TRANSFERS) - (await ledgerRecords(through(settings.plain, "count")));
  assert.ok(
    transfers > 0 && transfers < recordsOf(TRANSFERS),
    `${transfers} of ${recordsOf(TRANSFERS)} records are transfers`,
  );
  await waitFor(
    async () => (await o.get<SagaDetail>("/sagas/bank-transfer")).body.records.total === transfers,
    `the observer to read the ${transfers} records of ${prefix}bank.transfers`,
    30_000,
  );
  const saga = (await o.get<SagaDetail>("/sagas/bank-transfer")).body;
  assert.deepEqual(saga.missingTopics, [`${prefix}bank.ledger`]);
  assert.deepEqual(
    saga.refusedTopics.map((r) => r.topic),
    [`${prefix}bank.ledger`],
  );
  assert.match(saga.refusedTopics[0]!.reason, /TOPIC_AUTHORIZATION_FAILED/);
});

it("a topic the user may describe but not read is left out with its reason; the observer lives and reads the other", async () => {
  // Without the read probe, the group's first fetch fails for good and the observer ends itself.
  const o = await observe(settings.plain);
  const transfers = recordsOf(TRANSFERS) - (await ledgerRecords(through(settings.plain, "count")));
  await waitFor(
    async () => (await o.get<SagaDetail>("/sagas/bank-transfer")).body.records.total === transfers,
    `the observer to read the ${transfers} records of ${prefix}bank.transfers`,
    60_000,
  );
  const saga = (await o.get<SagaDetail>("/sagas/bank-transfer")).body;
  assert.deepEqual(saga.missingTopics, [], "the ledger exists and is described");
  assert.deepEqual(
    saga.refusedTopics.map((r) => r.topic),
    [`${prefix}bank.ledger`],
  );
  assert.match(saga.refusedTopics[0]!.reason, /not authorized on topic .*bank\.ledger/);
  assert.match(await healthDetail(o), new RegExp(`topic ${prefix}bank\\.ledger: not authorized`));
  // The probes' groups are gone: only the saga's own group is left under its id.
  const admin = through(settings.scram512, "groups").admin();
  await admin.connect();
  const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.includes("read-probe"));
  await admin.disconnect();
  assert.deepEqual(groups, []);
});

/** How many records the ledger topic holds (its high watermarks). */
async function ledgerRecords(kafka: Kafka): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(`${prefix}bank.ledger`);
    return offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
