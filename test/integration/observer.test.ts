// The observer on a real broker and PostgreSQL, watching a saga it did not write (the
// bank-transfer example): every instance of every path, stuck ones, bad records, a topic that
// appears later, and a restart that re-reads everything without counting twice.
import assert from "node:assert/strict";
import { after, it } from "node:test";
import { outcomeOf, PATHS, transferId } from "../../examples/bank-transfer/transfers";
import { createExampleTopics, publishTransfers, startCreditReader } from "../../examples/bank-transfer/publish";
import { observerGroupId } from "../../services/observer/config";
import { EXPECTED_STATUS, recordsOf, stepOf } from "./bank-expect";
import { parseMetrics, total } from "./prom-text";
import { startGateway } from "./gateway-server";
import { waitFor } from "./harness";
import { startObserverEnv, type ObserverEnv } from "./observer-env";

const envs: ObserverEnv[] = [];
after(async () => {
  await Promise.allSettled(envs.map((e) => e.stop()));
});
const env = async (opts: Parameters<typeof startObserverEnv>[0]) => {
  const e = await startObserverEnv(opts);
  envs.push(e);
  return e;
};

const totalIs = (e: ObserverEnv, n: number, what: string) =>
  waitFor(async () => ((await e.detail()).records.total >= n ? e.detail() : null), what);

it("lists every instance of every path with its status and steps, flags stuck ones, counts bad records and reads on", async () => {
  const e = await env({ timeoutMs: 4000, maxValueBytes: 2048 });
  await createExampleTopics(e.kafka, Object.values(e.topics));
  const credit = await startCreditReader(e.kafka, e.topics.transfers, `${e.prefix}bank-credit`);
  await e.start();
  const run = "a";
  // Malformed transfers (19, 39) are in the middle: the ones after them must be read all the same.
  const sent = await publishTransfers({ producer: e.producer, topics: e.topics, run, count: 40, rate: 0, wave: 10 });
  await e.producer.send({
    topic: e.topics.transfers,
    messages: [
      {
        key: "big",
        headers: { "x-source": "bank-api", "x-bin": Buffer.from([0x00, 0xff]) },
        value: JSON.stringify({ transferId: "huge-1", type: "TransferRequested", pad: "x".repeat(5000) }),
      },
    ],
  });
  assert.equal(sent, recordsOf(40));
  const d = await totalIs(e, sent + 1, "every record read");
  assert.equal(d.records.total, sent + 1);
  assert.equal(d.records.notJson, 2);
  assert.equal(d.records.oversized, 1);
  assert.deepEqual(d.uncorrelated, { [e.topics.transfers]: 4 });
  assert.equal(d.unmatched, 2);
  assert.deepEqual(d.missingTopics, []);
  assert.equal(d.seen["transfer-requested"], 24 + 6 + 6 + 2 + 1);
  assert.equal(d.seen["credit-rejected"], 6);
  assert.equal(d.seen["transfer-completed"], 24);

  // Stuck: the two stuck transfers, the huge one and the two that only have an unmatched note.
  const counts = await waitFor(async () => {
    const c = (await e.detail()).counts;
    return c.STUCK === 5 ? c : null;
  }, "the unfinished instances to be STUCK after timeoutMs");
  assert.deepEqual(counts, { RUNNING: 0, COMPLETED: 24, COMPENSATED: 6, FAILED: 6, CANCELLED: 0, STUCK: 5 });

  // /metrics counts the same records, by topic, and reads the same instance counts.
  const m = parseMetrics(await e.metrics());
  const saga = { saga: "bank-transfer" };
  const [transfers, ledger] = [
    { ...saga, topic: e.topics.transfers },
    { ...saga, topic: e.topics.ledger },
  ];
  assert.equal(total(m, "sagascope_observer_records_stored_total", saga), sent + 1);
  assert.ok(total(m, "sagascope_observer_records_read_total", saga) >= sent + 1);
  assert.deepEqual(
    [
      total(m, "sagascope_observer_records_not_json_total", transfers),
      total(m, "sagascope_observer_records_oversized_total", transfers),
      total(m, "sagascope_observer_records_uncorrelated_total", transfers),
      total(m, "sagascope_observer_records_unmatched_total", ledger),
    ],
    [2, 1, 4, 2],
  );
  assert.equal(
    total(m, "sagascope_observer_records_unmatched_total", transfers) +
      total(m, "sagascope_observer_records_uncorrelated_total", ledger),
    0,
  );
  assert.deepEqual(
    Object.fromEntries(
      Object.keys(counts).map((status) => [status, total(m, "sagascope_observer_instances", { ...saga, status })]),
    ),
    counts,
  );
  assert.ok(total(m, "sagascope_observer_batch_store_seconds_count", transfers) > 0);

  const listed = new Map((await e.instances("?limit=1000")).map((i) => [i.id, i]));
  assert.equal(listed.size, 41);
  for (let i = 0; i < 40; i++) {
    const o = outcomeOf(i);
    if (o === "malformed") continue;
    const id = transferId(run, i);
    assert.equal(listed.get(id)?.status, EXPECTED_STATUS[o], id);
    const view = (await e.instance(id))!;
    assert.deepEqual(
      view.steps.map((s) => s.step),
      PATHS[o].map(stepOf),
      id,
    );
    assert.equal(view.status, EXPECTED_STATUS[o]);
    assert.equal(view.endedAt === null, o === "stuck", id);
    const at = view.steps.map((s) => Date.parse(s.at));
    assert.deepEqual(
      at,
      [...at].sort((a, b) => a - b),
      `${id}: steps in Kafka timestamp order`,
    );
  }
  const note = (await e.instance(transferId(run, 19)))!;
  assert.deepEqual(
    note.steps.map((s) => [s.step, s.kind]),
    [[null, null]],
  );
  const huge = (await e.instance("huge-1"))!;
  assert.deepEqual([huge.steps[0]!.truncated, huge.steps[0]!.value], [true, null]);
  assert.deepEqual(
    huge.steps[0]!.headers,
    { "x-source": "bank-api", "x-bin": "\ufffd\ufffd" },
    "headers kept as text, bytes that are not UTF-8 replaced",
  );
  assert.equal((await e.instances("?status=COMPENSATED&limit=1000")).length, 6);
  assert.equal((await e.instances("?status=FAILED&limit=1000")).length, 6);
  assert.equal((await e.instances("?status=CANCELLED&limit=1000")).length, 0);
  assert.equal((await e.get("/sagas/bank-transfer/instances?status=NOPE")).status, 400);
  assert.equal((await e.get("/sagas/nope")).status, 404);
  assert.equal((await e.get("/sagas/bank-transfer/instances/nope")).status, 404);

  // A stuck instance whose ending arrives leaves STUCK.
  const stuck = transferId(run, 18);
  await e.producer.send({
    topic: e.topics.transfers,
    messages: [{ key: "k", value: JSON.stringify({ transferId: stuck, type: "TransferCompleted" }) }],
  });
  await waitFor(async () => (await e.instance(stuck))?.status === "COMPLETED", "the stuck transfer to complete");

  // Who reads funds-reserved's topic was not written: the credit bank's group reads it.
  const inferred = await waitFor(async () => {
    const s = (await e.list()).find((x) => x.name === "bank-transfer")!.steps.find((x) => x.id === "funds-reserved")!;
    return s.to.length > 0 ? s : null;
  }, "the consumers of funds-reserved to be inferred");
  assert.deepEqual([inferred.to, inferred.toInferred], [["credit"], true]);
  await credit.stop();
});

it("shows a topic that does not exist yet as missing, and reads it once it appears", async () => {
  const e = await env({});
  await createExampleTopics(e.kafka, [e.topics.transfers]);
  await e.start();
  assert.deepEqual((await e.detail()).missingTopics, [e.topics.ledger]);
  await e.producer.send({
    topic: e.topics.transfers,
    messages: [{ key: "k", value: JSON.stringify({ transferId: "late-1", type: "TransferRequested" }) }],
  });
  await totalIs(e, 1, "the first topic's record");
  await createExampleTopics(e.kafka, [e.topics.ledger]);
  await e.producer.send({
    topic: e.topics.ledger,
    messages: [{ key: "k", value: JSON.stringify({ transferId: "late-1", type: "CreditApplied" }) }],
  });
  const d = await totalIs(e, 2, "the record of the topic that appeared");
  assert.deepEqual(d.missingTopics, []);
  assert.equal(d.seen["credit-applied"], 1);
  assert.deepEqual(
    (await e.instance("late-1"))!.steps.map((s) => s.step),
    ["transfer-requested", "credit-applied"],
  );

  // The web origin's /api/sagas is the observer's; read-only, and 502 when the observer is away.
  const nowhere = { prefix: e.prefix, url: () => "http://127.0.0.1:9" };
  const gateway = await startGateway(nowhere, { OBSERVER_URL: `http://127.0.0.1:${e.observer().port}` });
  const away = await startGateway(nowhere, { OBSERVER_URL: "http://127.0.0.1:9" });
  try {
    const viaWeb = await fetch(`${gateway.base}/api/sagas/bank-transfer/instances/late-1`);
    assert.equal(viaWeb.status, 200);
    assert.deepEqual(await viaWeb.json(), await e.instance("late-1"));
    assert.equal((await fetch(`${gateway.base}/api/sagas/nope`)).status, 404);
    assert.equal((await fetch(`${gateway.base}/api/sagas`, { method: "POST" })).status, 405);
    assert.equal((await fetch(`${away.base}/api/sagas`)).status, 502);
  } finally {
    gateway.close();
    away.close();
  }
});

it("resumes after a restart, and re-reading every record from the start counts none twice", async () => {
  const e = await env({});
  await createExampleTopics(e.kafka, Object.values(e.topics));
  await e.start();
  await publishTransfers({ producer: e.producer, topics: e.topics, run: "r", count: 20, rate: 0 });
  await totalIs(e, recordsOf(20), "the first 20 transfers");
  await e.observer().stop();
  await publishTransfers({ producer: e.producer, topics: e.topics, run: "r", first: 20, count: 20, rate: 0 });
  await e.start();
  const first = await totalIs(e, recordsOf(40), "all 40 transfers after the restart");

  // Back to offset 0 with the observer stopped: every record is delivered again.
  await e.observer().stop();
  const admin = e.kafka.admin();
  await admin.connect();
  const groupId = observerGroupId(e.prefix, "bank-transfer");
  for (const topic of Object.values(e.topics)) await admin.resetOffsets({ groupId, topic, earliest: true });
  await e.start();
  const ends = await Promise.all(
    Object.values(e.topics).map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })),
  );
  await waitFor(async () => {
    const committed = await admin.fetchOffsets({ groupId, topics: Object.values(e.topics) });
    return ends.every(({ topic, partitions }) =>
      partitions.every(
        (p) =>
          p.high === "0" ||
          committed.find((c) => c.topic === topic)?.partitions.find((x) => x.partition === p.partition)?.offset ===
            p.high,
      ),
    );
  }, "the observer to commit every partition to its end again");
  await admin.disconnect();
  const again = await e.detail();
  assert.equal(again.records.total, recordsOf(40));
  assert.deepEqual(
    [again.counts, again.seen, again.unmatched, again.uncorrelated],
    [first.counts, first.seen, first.unmatched, first.uncorrelated],
  );
  const one = (await e.instance(transferId("r", 0)))!;
  assert.equal(one.steps.length, PATHS.completed.length);
});
