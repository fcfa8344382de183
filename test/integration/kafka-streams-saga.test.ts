// The Java example (examples/kafka-streams-saga: a Kafka Streams join of two parallel replies,
// 8-byte long keys, a status field, ids from 1 again in every run), run twice against the test
// broker and watched by an observer: every instance ends as the jar planned, every journey reads
// in causal order (an ending after the reply it shares a millisecond with), stuck instances
// name the reply they wait for, and the second run's ids are second runs, not merged into the first.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { buildExample, runExample, sagaText, type ExampleSummary } from "../../examples/kafka-streams-saga/run";
import type { SagaInstanceView } from "../../contracts/sagas";
import { waitFor } from "./harness";
import { startObserverEnv, type ObserverEnv } from "./observer-env";

const COUNT = 20;
let env: ObserverEnv | null = null;
before(() => buildExample());
after(async () => {
  await env?.stop();
});

/** The causal rules a journey of this saga must keep (saga.yaml). */
function checkOrder(v: SagaInstanceView): void {
  const steps = v.steps.map((s) => s.step);
  assert.equal(steps[0], "order-new", `${v.id} run ${v.run}: starts with its order`);
  const end = v.steps.findIndex((s) => s.ends !== null);
  if (end >= 0) assert.equal(end, v.steps.length - 1, `${v.id} run ${v.run}: the ending is last: ${steps.join(" → ")}`);
  for (let i = 1; i < v.steps.length; i++)
    assert.ok(Date.parse(v.steps[i]!.at) >= Date.parse(v.steps[i - 1]!.at), `${v.id}: in time order`);
  assert.ok(
    v.steps.every((s) => s.key === v.id),
    `${v.id}: every key decoded as the id`,
  );
}

it("watches two runs of the Java saga: endings as planned, journeys in causal order, second runs apart", async () => {
  const e = (env = await startObserverEnv({ saga: { name: "kafka-streams-orders", text: (p) => sagaText(p, 5000) } }));
  await e.start();
  const brokers = process.env.KAFKA_BROKERS!;
  const summaries: ExampleSummary[] = [];
  for (let i = 0; i < 2; i++) {
    const { code, summary } = await runExample({ brokers, count: COUNT, rate: 0, prefix: e.prefix }, () => undefined);
    assert.equal(code, 0, `run ${i + 1} of the jar: ${summary?.problem ?? "no summary"}`);
    summaries.push(summary!);
  }
  const planned = summaries[0]!.endings;
  assert.deepEqual(planned, summaries[1]!.endings);
  assert.ok(
    summaries.every((s) => s.outcomeAtTriggeringReply > 0 && s.outcomeAtOtherTime === 0),
    "the join stamps each outcome with its triggering reply's time",
  );

  const want = {
    RUNNING: 0,
    COMPLETED: 2 * planned.COMPLETED,
    COMPENSATED: 2 * planned.COMPENSATED,
    FAILED: 2 * planned.FAILED,
    CANCELLED: 0,
    STUCK: 2 * planned.STUCK,
  };
  const d = await waitFor(
    async () => {
      const x = await e.detail();
      return JSON.stringify(x.counts) === JSON.stringify(want) ? x : null;
    },
    `the counts ${JSON.stringify(want)}`,
    60_000,
  );
  assert.deepEqual([d.unmatched, d.uncorrelated, d.records.notJson], [0, {}, 0]);
  assert.equal(d.steps.find((s) => s.id === "payment-accepted")!.toInferred, true);

  const rows = await e.instances("?limit=1000");
  assert.equal(rows.length, 2 * COUNT, "each id's second run is a row of its own");
  assert.deepEqual([...new Set(rows.map((r) => r.run))].sort(), [1, 2]);
  let sharedMs = 0;
  for (const r of rows) {
    const v = (await e.instance(r.id, r.run))!;
    assert.equal(v.run, r.run);
    checkOrder(v);
    const end = v.steps.at(-1)!;
    if (end.ends !== null && v.steps.some((s, i) => i < v.steps.length - 1 && s.at === end.at)) sharedMs++;
    if (v.status === "STUCK")
      assert.deepEqual(v.waitingFor, ["stock"], `${v.id}: stock never answers a product it does not know`);
    else assert.deepEqual(v.waitingFor, []);
  }
  assert.equal(
    sharedMs,
    2 * (planned.COMPLETED + planned.COMPENSATED + planned.FAILED),
    "every ending shares its millisecond with a reply, and is drawn after it",
  );
});
