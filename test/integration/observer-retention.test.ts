// A definition's `start` and `retention` (attach.md, "Where reading begins, and how long instances
// are kept") on a real broker and PostgreSQL. Records carry Kafka timestamps of the past, so a
// retention of a minute is already over for them and the observer's own sweep (every 200 ms)
// deletes what it must while the test watches.
import assert from "node:assert/strict";
import { after, it } from "node:test";
import { createExampleTopics } from "../../examples/bank-transfer/publish";
import { waitFor } from "./harness";
import { startObserverEnv, type ObserverEnv } from "./observer-env";

const HOUR = 3_600_000;
const definition = (name: string, extra: object) => (p: string) =>
  JSON.stringify({
    name,
    correlation: { key: true },
    timeoutMs: 24 * HOUR,
    ...extra,
    steps: [
      { id: "begun", topic: `${p}steps`, match: { path: "status", equals: "NEW" }, from: "a" },
      { id: "done", topic: `${p}steps`, match: { path: "status", equals: "DONE" }, from: "a", ends: "COMPLETED" },
    ],
  });

const envs: ObserverEnv[] = [];
after(async () => {
  await Promise.allSettled(envs.map((e) => e.stop()));
});

async function observe(name: string, extra: object): Promise<ObserverEnv> {
  const e = await startObserverEnv({
    saga: { name, text: definition(name, extra) },
    env: { OBSERVER_RETENTION_SWEEP_MS: "200" },
  });
  envs.push(e);
  // One partition: a record read means every record before it was passed over or read.
  await createExampleTopics(e.kafka, [`${e.prefix}steps`], 1);
  return e;
}

const send = (e: ObserverEnv, records: [id: string, status: string, at: number][]) =>
  e.producer.send({
    topic: `${e.prefix}steps`,
    messages: records.map(([id, status, at]) => ({
      key: id,
      timestamp: String(at),
      value: JSON.stringify({ status }),
    })),
  });

const joined = (e: ObserverEnv) =>
  waitFor(async () => ((await e.get("/health")).status === 200 ? true : null), "the observer's group joined");

it("deletes an ended instance past its retention with its records, keeps running and recent ones, and the counters stay totals", async () => {
  const e = await observe("kept", { retention: "1m" });
  const t = Date.now() - 2 * HOUR;
  await send(e, [
    ["old-done", "NEW", t],
    ["old-done", "DONE", t + 1000],
    ["old-running", "NEW", t],
    ["recent-done", "NEW", t],
    ["recent-done", "DONE", Date.now()],
  ]);
  await e.start();
  const ids = await waitFor(async () => {
    const list = await e.instances();
    const d = await e.detail();
    return d.records.total >= 5 && list.length === 2 ? list.map((i) => i.id).sort() : null;
  }, "the old ended instance deleted");
  assert.deepEqual(ids, ["old-running", "recent-done"]);
  assert.equal(await e.instance("old-done"), null);
  const d = await e.detail();
  assert.equal(d.records.total, 5, "the record counter is a total since the saga was first read");
  assert.deepEqual(
    { RUNNING: d.counts.RUNNING, COMPLETED: d.counts.COMPLETED },
    { RUNNING: 1, COMPLETED: 1 },
    "counts are of the instances kept",
  );
  assert.equal((await e.instance("recent-done"))?.steps.length, 2, "a kept instance keeps all its records");
});

it("with start: latest, reads only what comes after the group first joined", async () => {
  const e = await observe("from-now", { start: "latest" });
  await send(e, [["before", "NEW", Date.now()]]);
  await e.start();
  await joined(e);
  await send(e, [["after", "NEW", Date.now()]]);
  await waitFor(async () => ((await e.instance("after")) ? true : null), "the record sent after the start");
  assert.equal(await e.instance("before"), null);
  assert.equal((await e.detail()).records.total, 1);
});

it("with start: 1h, begins at the first record of the last hour, and a restart resumes where it was", async () => {
  const e = await observe("last-hour", { start: "1h" });
  await send(e, [
    ["two-hours-ago", "NEW", Date.now() - 2 * HOUR],
    ["half-an-hour-ago", "NEW", Date.now() - HOUR / 2],
  ]);
  await e.start();
  await waitFor(async () => ((await e.instance("half-an-hour-ago")) ? true : null), "the record of the last hour");
  assert.equal(await e.instance("two-hours-ago"), null);
  await e.restart();
  await joined(e);
  await send(e, [["after-restart", "NEW", Date.now()]]);
  await waitFor(async () => ((await e.instance("after-restart")) ? true : null), "the record after the restart");
  assert.equal((await e.detail()).records.total, 2, "nothing read twice, nothing from before the start");
});
