// The attach.md Additions on a real broker and PostgreSQL, with records shaped like a Kafka
// Streams saga's: ids as 8-byte long keys, an ending stamped with its cause's millisecond (and a
// topic name that sorts before the cause's), parallel branches, a combined match, the endings
// COMPENSATED and FAILED, an id used again in a second run, and keys of the wrong length.
import assert from "node:assert/strict";
import { after, it } from "node:test";
import { SagaDefinition } from "../../contracts/sagas";
import { WATCHED_FEED_PATH, WatchedFeedLine, type WatchedRecord } from "../../contracts/socket";
import { createExampleTopics } from "../../examples/bank-transfer/publish";
import { waitFor } from "./harness";
import { startObserverEnv, type ObserverEnv } from "./observer-env";

/** The records the observer's live feed pushes, as they come. */
function readFeed(port: number): { records(): WatchedRecord[]; stop(): void } {
  const got: WatchedRecord[] = [];
  const abort = new AbortController();
  void fetch(`http://127.0.0.1:${port}${WATCHED_FEED_PATH}`, { signal: abort.signal })
    .then(async (r) => {
      let rest = "";
      const reader = r.body!.pipeThrough(new TextDecoderStream()).getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        const lines = (rest + next.value).split("\n");
        rest = lines.pop()!;
        for (const l of lines.filter(Boolean)) {
          const line = WatchedFeedLine.parse(JSON.parse(l));
          if (line.type === "batch") got.push(...line.batch.records);
        }
      }
    })
    .catch(() => undefined);
  return { records: () => got, stop: () => abort.abort() };
}

const definition = (p: string) =>
  JSON.stringify({
    name: "streams-like",
    correlation: { key: "long" },
    timeoutMs: 60_000,
    steps: [
      { id: "order-new", topic: `${p}orders`, match: { path: "status", equals: "NEW" }, from: "order", starts: true },
      {
        id: "payment-accepted",
        topic: `${p}payment-orders`,
        match: { path: "status", equals: "ACCEPT" },
        from: "payment",
        branch: "payment",
        after: ["order-new"],
      },
      {
        id: "payment-rejected",
        topic: `${p}payment-orders`,
        match: { path: "status", equals: "REJECT" },
        from: "payment",
        branch: "payment",
        kind: "failure",
      },
      {
        id: "stock-accepted",
        topic: `${p}stock-orders`,
        match: { path: "status", equals: "ACCEPT" },
        from: "stock",
        branch: "stock",
      },
      {
        id: "stock-rejected",
        topic: `${p}stock-orders`,
        match: { path: "status", equals: "REJECT" },
        from: "stock",
        branch: "stock",
        kind: "failure",
      },
      {
        id: "order-confirmed",
        topic: `${p}orders`,
        match: { path: "status", equals: "CONFIRMED" },
        from: "order",
        ends: "COMPLETED",
      },
      {
        id: "rollback-stock",
        topic: `${p}orders`,
        match: {
          all: [
            { path: "status", equals: "ROLLBACK" },
            { path: "source", equals: "STOCK" },
          ],
        },
        from: "order",
        kind: "compensation",
        ends: "COMPENSATED",
      },
      {
        id: "order-rejected",
        topic: `${p}orders`,
        match: {
          all: [
            { path: "status", equals: "REJECTED" },
            { path: "source", equals: null },
          ],
        },
        from: "order",
        kind: "failure",
        ends: "FAILED",
      },
    ],
  });

const long = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
};

let env: ObserverEnv | null = null;
after(async () => {
  await env?.stop();
});

it("reads long keys, orders an ending after the reply it shares a millisecond with, names branches waited for, and numbers runs of an id used again", async () => {
  const e = (env = await startObserverEnv({ saga: { name: "streams-like", text: definition } }));
  SagaDefinition.parse(JSON.parse(definition(e.prefix)));
  const [orders, payments, stock] = ["orders", "payment-orders", "stock-orders"].map((t) => `${e.prefix}${t}`) as [
    string,
    string,
    string,
  ];
  await createExampleTopics(e.kafka, [orders, payments, stock], 3);
  await e.start();
  const pushed = readFeed(e.observer().port);
  const t0 = Date.now() - 10_000;
  const send = (topic: string, id: number | Buffer, at: number, value: object) =>
    e.producer.send({
      topic,
      messages: [
        { key: typeof id === "number" ? long(id) : id, timestamp: String(t0 + at), value: JSON.stringify(value) },
      ],
    });
  // 1: stock refuses; the join's ROLLBACK carries the refusal's timestamp (t0+8).
  await send(orders, 1, 0, { id: 1, status: "NEW", source: null });
  await send(stock, 1, 8, { id: 1, status: "REJECT", source: "STOCK" });
  await send(orders, 1, 8, { id: 1, status: "ROLLBACK", source: "STOCK" });
  await send(payments, 1, 5, { id: 1, status: "ACCEPT", source: "PAYMENT" });
  // 2: both refuse: FAILED. 3: stock never answers.
  await send(orders, 2, 0, { id: 2, status: "NEW", source: null });
  await send(payments, 2, 3, { id: 2, status: "REJECT", source: "PAYMENT" });
  await send(stock, 2, 4, { id: 2, status: "REJECT", source: "STOCK" });
  await send(orders, 2, 4, { id: 2, status: "REJECTED", source: null });
  await send(orders, 3, 0, { id: 3, status: "NEW", source: null });
  await send(payments, 3, 2, { id: 3, status: "ACCEPT", source: "PAYMENT" });
  // 1 again, after its first run ended: a second run, completed.
  await send(orders, 1, 1000, { id: 1, status: "NEW", source: null });
  await send(stock, 1, 1004, { id: 1, status: "ACCEPT", source: "STOCK" });
  await send(payments, 1, 1006, { id: 1, status: "ACCEPT", source: "PAYMENT" });
  await send(orders, 1, 1006, { id: 1, status: "CONFIRMED", source: null });
  // Keys of the wrong length, and no key: uncorrelated, counted, never stopping the feed.
  await send(orders, Buffer.from([1, 2, 3]), 0, { id: 9, status: "NEW" });
  await e.producer.send({ topic: orders, messages: [{ key: null, value: JSON.stringify({ status: "NEW" }) }] });

  const d = await waitFor(async () => {
    const x = await e.detail();
    return x.records.total >= 16 ? x : null;
  }, "every record read");
  assert.deepEqual(d.counts, { RUNNING: 1, COMPLETED: 1, COMPENSATED: 1, FAILED: 1, CANCELLED: 0, STUCK: 0 });
  assert.deepEqual(d.uncorrelated, { [orders]: 2 });
  assert.equal(d.unmatched, 0);
  assert.deepEqual(
    d.steps.map((s) => [s.id, s.branch, s.starts]),
    [
      ["order-new", null, true],
      ["payment-accepted", "payment", false],
      ["payment-rejected", "payment", false],
      ["stock-accepted", "stock", false],
      ["stock-rejected", "stock", false],
      ["order-confirmed", null, false],
      ["rollback-stock", null, false],
      ["order-rejected", null, false],
    ],
  );
  assert.deepEqual(d.steps[1]!.after, ["order-new"]);

  const runs = await e.instances("?id=1");
  assert.deepEqual(
    runs.map((i) => [i.id, i.run, i.status, i.steps]),
    [
      ["1", 2, "COMPLETED", 4],
      ["1", 1, "COMPENSATED", 4],
    ],
  );
  // The live feed (GET /feed) says which run each record went to, as the store numbered it.
  const runsPushed = await waitFor(async () => {
    const of1 = pushed.records().filter((r) => r.instanceId === "1");
    return of1.length >= 8 ? of1 : null;
  }, "the feed to push id 1's eight records");
  pushed.stop();
  assert.deepEqual(runsPushed.map((r) => [r.step, r.run]).sort(), [
    ["order-confirmed", 2],
    ["order-new", 1],
    ["order-new", 2],
    ["payment-accepted", 1],
    ["payment-accepted", 2],
    ["rollback-stock", 1],
    ["stock-accepted", 2],
    ["stock-rejected", 1],
  ]);
  const first = (await e.instance("1", 1))!;
  assert.deepEqual(
    first.steps.map((s) => s.step),
    ["order-new", "payment-accepted", "stock-rejected", "rollback-stock"],
    "the ending after the refusal it shares t0+8 with",
  );
  assert.deepEqual(
    first.steps.map((s) => s.key),
    ["1", "1", "1", "1"],
    "keys decoded as the correlation says",
  );
  assert.deepEqual(
    first.steps.map((s) => s.branch),
    [null, "payment", "stock", null],
  );
  assert.deepEqual([first.run, first.waitingFor, first.endedAt], [1, [], new Date(t0 + 8).toISOString()]);
  const latest = (await e.instance("1"))!;
  assert.deepEqual([latest.run, latest.status], [2, "COMPLETED"]);
  assert.deepEqual(
    latest.steps.map((s) => s.step),
    ["order-new", "stock-accepted", "payment-accepted", "order-confirmed"],
  );
  assert.equal((await e.instance("2"))!.status, "FAILED");
  const waiting = (await e.instance("3"))!;
  assert.deepEqual([waiting.status, waiting.waitingFor], ["RUNNING", ["stock"]]);
  assert.equal((await e.get("/sagas/streams-like/instances/1?run=3")).status, 404);
  assert.equal((await e.get("/sagas/streams-like/instances/1?run=x")).status, 400);
  assert.equal((await e.get("/sagas/streams-like/instances?status=FAILED")).status, 200);
  for (const bad of ["%00", "a%00b"])
    assert.equal((await e.get(`/sagas/streams-like/instances?id=${bad}`)).status, 400, `?id=${bad}`);
  // Bytes that are no UTF-8 (a lone surrogate's) read as U+FFFD: a well-formed id no instance has.
  assert.deepEqual(await e.instances("?id=%ED%A0%80"), []);
  for (const bad of ["%00", "%ED%A0%80", "a%00b"])
    assert.ok([400, 404].includes((await e.get(`/sagas/streams-like/instances/${bad}`)).status), `/instances/${bad}`);
  assert.deepEqual(
    (await e.instances("?status=FAILED")).map((i) => i.id),
    ["2"],
  );
});
