// GET /api/search (attach.md, "Finding a business id") through the web origin's gateway, on a real
// broker, PostgreSQL and observer: three sagas (an id in a JSON path, an id in the key, the
// built-in one), found by id, id prefix, header value and nested JSON leaf, newest first, each
// instance once; limits, bad input, patterns taken literally, and a value in thousands of records.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { SearchAnswer } from "../../contracts/sagas";
import { makeEnvelope } from "../../contracts/envelope";
import { physicalTopic } from "../../contracts/topics";
import { createExampleTopics } from "../../examples/bank-transfer/publish";
import { startGateway, type TestGateway } from "./gateway-server";
import { waitFor } from "./harness";
import { startObserverEnv, type ObserverEnv } from "./observer-env";

const parcels = (p: string) =>
  JSON.stringify({
    name: "parcels",
    correlation: { path: "parcel" },
    steps: [{ id: "sent", topic: `${p}parcel.events`, from: "depot" }],
  });
const shipments = (p: string) =>
  JSON.stringify({
    name: "shipments",
    correlation: { key: true },
    steps: [{ id: "shipped", topic: `${p}ship.events`, from: "dock" }],
  });

const T0 = Date.now() - 60 * 60_000;
const BULK = 5050;
const orderId = randomUUID();
let env: ObserverEnv;
let gateway: TestGateway;

const search = async (query: string) => {
  const r = await fetch(`${gateway.base}/api/search?${query}`);
  return { status: r.status, body: (await r.json()) as SearchAnswer & { error?: string } };
};
const found = async (q: string, limit?: number) => {
  const r = await search(new URLSearchParams({ q, ...(limit && { limit: String(limit) }) }).toString());
  assert.equal(r.status, 200, `${q}: ${JSON.stringify(r.body)}`);
  return r.body.results.map((x) => `${x.saga}/${x.id}:${x.matchedOn}`);
};

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "search-"));
  env = await startObserverEnv({
    builtIn: true,
    saga: { name: "parcels", text: parcels },
    env: { SAGA_DEFINITIONS: `bank.yaml,${join(dir, "shipments.json")}` },
  });
  // Read when the observer starts, below.
  writeFileSync(join(dir, "shipments.json"), shipments(env.prefix));
  const topics = { parcel: `${env.prefix}parcel.events`, ship: `${env.prefix}ship.events` };
  const orderCreate = physicalTopic("order-create", env.prefix);
  await createExampleTopics(env.kafka, [topics.parcel, topics.ship, orderCreate], 2);
  await env.start();
  gateway = await startGateway({
    prefix: env.prefix,
    url: (s, path) => `http://127.0.0.1:9/${s}${path}`,
    observer: { port: env.observer().port },
  });
  const at = (seconds: number) => String(Math.round(T0 + seconds * 1000));
  const parcel = (n: number, value: object, headers: Record<string, string> = {}) => ({
    key: "any",
    timestamp: at(n),
    value: JSON.stringify(value),
    headers,
  });
  await env.producer.send({
    topic: topics.parcel,
    messages: [
      parcel(1, { parcel: "p-1001" }),
      parcel(2, { parcel: "p-1002" }),
      parcel(3, { parcel: "p-2001" }, { "x-customer": "c-77" }),
      parcel(4, { parcel: "p-3001", order: { lines: [{ ref: "ref-9", qty: 3 }] }, weight: 12.5 }),
      parcel(5, { parcel: "50%off" }),
      parcel(6, { parcel: "50Xoff" }),
      parcel(7, { parcel: "a_b", note: "dup-1" }, { "x-dup": "dup-1" }),
      parcel(8, { parcel: "aXb" }),
      parcel(9, { parcel: "back\\slash" }),
    ],
  });
  await env.producer.send({
    topic: topics.ship,
    messages: [
      { key: "s-55", timestamp: at(10), value: JSON.stringify({ ship: { parcels: ["p-1001"] } }) },
      { key: "c-77", timestamp: at(11), value: "{}" },
    ],
  });
  const envelope = makeEnvelope({
    eventId: randomUUID(),
    type: "order-create",
    orderId,
    causationId: null,
    producer: "order",
    payload: { userId: "u-search-1", items: [{ productId: "p-mouse", quantity: 1 }] },
    occurredAt: new Date(T0 + 12_000),
  });
  await env.producer.send({
    topic: orderCreate,
    messages: [{ key: orderId, timestamp: at(12), value: JSON.stringify(envelope) }],
  });
  // Thousands of records with one value: the search walks the newest instances instead.
  const bulk = Array.from({ length: BULK }, (_, i) =>
    parcel(100 + i / 10, { parcel: `bulk-${i}`, tag: "common-v" }, i === BULK - 2 ? { "x-tag": "common-v" } : {}),
  );
  await env.producer.send({ topic: topics.parcel, messages: bulk });
  await waitFor(async () => (await env.instance(`bulk-${BULK - 1}`)) !== null, "the bulk records stored", 60_000);
  await waitFor(async () => (await found(orderId)).length === 1, "the order stored");
  await waitFor(async () => (await found("c-77")).length === 2, "the shipments stored");
});

after(async () => {
  gateway?.close();
  await env?.stop();
});

describe("search", () => {
  it("finds an id, then the instances whose records hold it, newest first, across sagas", async () => {
    assert.deepEqual(await found("p-1001"), ["shipments/s-55:value", "parcels/p-1001:id"]);
    assert.deepEqual(await found("c-77"), ["shipments/c-77:id", "parcels/p-2001:header"]);
    assert.deepEqual(await found("ref-9"), ["parcels/p-3001:value"], "a leaf inside an array inside an object");
    assert.deepEqual(await found("12.5"), ["parcels/p-3001:value"], "a number as its JSON text");
    assert.deepEqual(await found("dup-1"), ["parcels/a_b:header"], "a header beats a value, each instance once");
    assert.deepEqual(await found("s-55"), ["shipments/s-55:id"], "an id in the key");
    assert.deepEqual(await found("nobody"), []);
  });

  it("finds the built-in saga's orders by id, id prefix and a payload value, with their status", async () => {
    assert.deepEqual(await found(orderId), [`orders/${orderId}:id`]);
    assert.deepEqual(await found(orderId.slice(0, 13)), [`orders/${orderId}:id`]);
    assert.deepEqual(await found("u-search-1"), [`orders/${orderId}:value`]);
    const [result] = (await search(`q=${orderId}`)).body.results;
    assert.equal(result!.status, "STUCK", "no ending, older than the built-in saga's 30 s");
    assert.equal(result!.startedAt, new Date(T0 + 12_000).toISOString());
    assert.equal(result!.run, 1);
  });

  it("finds ids by prefix, newest first, at most the limit", async () => {
    assert.deepEqual(await found("p-1"), ["parcels/p-1002:id", "parcels/p-1001:id"]);
    assert.deepEqual(await found("p-", 2), ["parcels/p-3001:id", "parcels/p-2001:id"]);
    assert.equal((await found("bulk-", 100)).length, 100);
    assert.deepEqual((await found("bulk-")).slice(0, 2), [
      `parcels/bulk-${BULK - 1}:id`,
      `parcels/bulk-${BULK - 2}:id`,
    ]);
  });

  it("takes %, _, \\ and regular expressions literally", async () => {
    assert.deepEqual(await found("50%"), ["parcels/50%off:id"]);
    assert.deepEqual(await found("a_"), ["parcels/a_b:id"]);
    assert.deepEqual(await found("back\\"), ["parcels/back\\slash:id"]);
    for (const q of ["%", "_", "\\", ".*", "[a-z]+", "p-.*", "^p", "*"]) assert.deepEqual(await found(q), [], q);
  });

  it("answers a value held by thousands of records from the newest instances", async () => {
    const started = Date.now();
    assert.deepEqual(await found("common-v", 3), [
      `parcels/bulk-${BULK - 1}:value`,
      `parcels/bulk-${BULK - 2}:header`,
      `parcels/bulk-${BULK - 3}:value`,
    ]);
    assert.ok(Date.now() - started < 5000, "bounded");
  });

  it("answers 400 to bad queries, never 500; HEAD reads, other methods 405", async () => {
    const bad = ["", "q=", "q=%20%20", `q=${"x".repeat(10_000)}`, "q=a%00b", "q=a%01b", "q=a%0Ab", "q=x&limit=0"];
    for (const query of [...bad, "q=x&limit=101", "q=x&limit=1e1000", "q=x&limit=-1"]) {
      const r = await search(query);
      assert.equal(r.status, 400, query);
      assert.equal(r.body.error, "VALIDATION_FAILED", query);
    }
    // A lone surrogate cannot come through a URL: its UTF-8 is invalid and decodes to U+FFFD, searched as text.
    const lone = await search("q=%ED%A0%80");
    assert.deepEqual([lone.status, lone.body.results], [200, []]);
    assert.equal((await fetch(`${gateway.base}/api/search?q=p-1001`, { method: "HEAD" })).status, 200);
    assert.equal((await fetch(`${gateway.base}/api/search?q=x`, { method: "POST" })).status, 405);
  });
});
