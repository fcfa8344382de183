// Two observers in one consumer group (the observer scaled out) on topics of several partitions,
// with the real broker and PostgreSQL: the partitions are shared, every record is counted once
// whichever observer read it (the saga's figures, each instance's record count, and the sum of
// the two processes' /metrics), and when one observer stops mid-stream the other takes over its
// partitions and the figures stay exact; two observers reading the group again from offset 0
// store nothing twice.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, it } from "node:test";
import { AssignerProtocol, type Admin } from "kafkajs";
import { createExampleTopics, publishTransfers } from "../../examples/bank-transfer/publish";
import { outcomeOf, PATHS, transferId } from "../../examples/bank-transfer/transfers";
import { observerGroupId } from "../../services/observer/config";
import { expectedFigures, recordsOf } from "./bank-expect";
import { waitFor } from "./harness";
import { startObserverEnv, type ObserverClient, type ObserverEnv } from "./observer-env";
import { find, parseMetrics, total } from "./prom-text";

const PARTITIONS = 6;
const SAGA = { saga: "bank-transfer" };
const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

type Setup = { e: ObserverEnv; admin: Admin; groupId: string; topics: string[] };
async function setup(): Promise<Setup> {
  const e = await startObserverEnv({ timeoutMs: 600_000 });
  cleanup.push(() => e.stop());
  const admin = e.kafka.admin();
  await admin.connect();
  cleanup.push(() => admin.disconnect());
  const topics = Object.values(e.topics);
  await createExampleTopics(e.kafka, topics, PARTITIONS);
  return { e, admin, groupId: observerGroupId(e.prefix, "bank-transfer"), topics };
}

/** The group's members: Kafka client id and the partitions assigned, by topic. */
async function members(
  admin: Admin,
  groupId: string,
): Promise<{ clientId: string; partitions: Record<string, number[]> }[]> {
  const { groups } = await admin.describeGroups([groupId]);
  return (groups[0]?.members ?? []).map((m) => ({
    clientId: m.clientId,
    partitions: AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {},
  }));
}

/** How many partitions each member of the group is assigned. */
const assignment = async (admin: Admin, groupId: string) =>
  (await members(admin, groupId)).map((m) => Object.values(m.partitions).reduce((n, ps) => n + ps.length, 0));

/** Both observers in the group, each assigned some of the partitions. */
async function bothAssigned({ admin, groupId, topics }: Setup): Promise<void> {
  const shares = await waitFor(async () => {
    const s = await assignment(admin, groupId);
    return s.length === 2 && s.every((n) => n > 0) && s;
  }, "both observers to be assigned partitions");
  assert.equal(shares[0]! + shares[1]!, PARTITIONS * topics.length);
}

/** The one observer left takes every partition (after a crash, once the broker ends the dead member's session). */
const aloneWithAll = ({ admin, groupId, topics }: Setup) =>
  waitFor(
    async () => {
      const s = await assignment(admin, groupId);
      return s.length === 1 && s[0] === PARTITIONS * topics.length;
    },
    "the remaining observer to take every partition",
    60_000,
  );

/** Each instance of transfers [0, n) of `run` has exactly its records. */
async function eachInstanceExact(o: ObserverClient, run: string, n: number): Promise<void> {
  const listed = await o.instances("?limit=1000");
  assert.equal(listed.length, n);
  const steps = new Map(listed.map((i) => [i.id, i.steps]));
  for (let i = 0; i < n; i++) {
    const o = outcomeOf(i);
    assert.equal(steps.get(transferId(run, i)), o === "malformed" ? 1 : PATHS[o].length, transferId(run, i));
  }
}

/** Whether the group has committed every partition of `topics` up to its end. */
async function committedToEnd({ admin, groupId, topics }: Setup): Promise<boolean> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      if (
        committed.find((c) => c.topic === topic)?.partitions.find((x) => x.partition === p.partition)?.offset !== p.high
      )
        return false;
    }
  }
  return true;
}

const stored = async (o: ObserverClient) =>
  total(parseMetrics(await o.metrics()), "sagascope_observer_records_stored_total", SAGA);
const figures = async (o: ObserverClient) => {
  const d = await o.detail();
  return { counts: d.counts, seen: d.seen, unmatched: d.unmatched, uncorrelated: d.uncorrelated, records: d.records };
};
const totalIs = (o: ObserverClient, n: number, what: string) =>
  waitFor(async () => (await o.detail()).records.total >= n, what, 60_000);

/** GET with any Host header (fetch sets its own). */
const statusWithHost = (port: number, path: string, host: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { host } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });

it("two observers share a group's partitions, count every record once, and one takes over when the other stops mid-stream", async () => {
  const ctx = await setup();
  const { e } = ctx;
  await e.start();
  const a: ObserverClient = e;
  const b = await e.replica();
  await bothAssigned(ctx);

  // Both read: the records are split between them and each is stored once.
  const first = await publishTransfers({
    producer: e.producer,
    topics: e.topics,
    run: "s",
    count: 100,
    rate: 0,
    wave: 20,
  });
  assert.equal(first, recordsOf(100));
  await totalIs(a, first, "the first 100 transfers");
  const want100 = expectedFigures(100, e.topics.transfers);
  assert.deepEqual(await figures(a), want100);
  assert.deepEqual(await figures(b), want100, "the other observer's API answers the same");
  const [fromA, fromB] = await waitFor(async () => {
    const s = [await stored(a), await stored(b)];
    return s[0]! + s[1]! === first && s;
  }, "both observers' /metrics to count what they stored");
  assert.ok(fromA > 0 && fromB > 0, `each observer stored some records (${fromA}, ${fromB})`);
  const mB = parseMetrics(await b.metrics());
  assert.deepEqual(
    Object.fromEntries(
      Object.keys(want100.counts).map((status) => [
        status,
        total(mB, "sagascope_observer_instances", { ...SAGA, status }),
      ]),
    ),
    want100.counts,
    "the instance gauge counts the whole group's instances",
  );
  assert.ok(total(mB, "sagascope_observer_records_read_total", SAGA) >= fromB);
  assert.equal(
    await statusWithHost(b.running.port, "/metrics", "rebind.attacker.example"),
    421,
    "/metrics passes the Host allow-list",
  );

  // The first observer stops while the next 200 transfers are being published.
  let publishing = true;
  const second = publishTransfers({
    producer: e.producer,
    topics: e.topics,
    run: "s",
    first: 100,
    count: 200,
    rate: 50,
    wave: 10,
  }).finally(() => (publishing = false));
  await totalIs(b, first + 100, "records of the second run to be stored");
  assert.ok(publishing, "the observer is stopped mid-stream");
  const registryA = e.registry();
  await e.observer().stop();
  await aloneWithAll(ctx);
  const sent = first + (await second);
  assert.equal(sent, recordsOf(300));
  await waitFor(() => committedToEnd(ctx), "the remaining observer to commit every partition to its end", 60_000);

  assert.deepEqual(await figures(b), expectedFigures(300, e.topics.transfers), "no record lost or counted twice");
  await eachInstanceExact(b, "s", 300);
  const storedA = total(parseMetrics(await registryA.metrics()), "sagascope_observer_records_stored_total", SAGA);
  assert.equal(storedA + (await stored(b)), sent, "the two processes stored every record once between them");
  assert.ok(storedA > fromA, "the first observer stored records of the second run before it stopped");

  // Nothing left behind: the group's lag is 0 on every partition, as the remaining observer reports it.
  const lag = await waitFor(async () => {
    const l = find(parseMetrics(await b.metrics()), "sagascope_consumer_lag_messages", { group: ctx.groupId });
    return l.length === PARTITIONS * ctx.topics.length && l.every((s) => s.value === 0) && l;
  }, "the lag gauge to show every partition read to its end");
  assert.deepEqual([...new Set(lag.map((s) => s.labels.topic))].sort(), [...ctx.topics].sort());
});

it("two observers re-reading the group's partitions from the start store none of the records again", async () => {
  const ctx = await setup();
  const { e } = ctx;
  await e.start();
  const b = await e.replica();
  await bothAssigned(ctx);
  const sent = await publishTransfers({
    producer: e.producer,
    topics: e.topics,
    run: "k",
    count: 100,
    rate: 0,
    wave: 20,
  });
  await totalIs(e, sent, "the 100 transfers");
  await waitFor(() => committedToEnd(ctx), "the group to commit every partition to its end");
  await Promise.all([e.observer().stop(), b.stop()]);

  // Back to offset 0 with no observer running: every record is delivered again, split between two new observers.
  for (const topic of ctx.topics) await ctx.admin.resetOffsets({ groupId: ctx.groupId, topic, earliest: true });
  assert.equal(await committedToEnd(ctx), false);
  await e.start();
  const again = await e.replica();
  await bothAssigned(ctx);
  await waitFor(() => committedToEnd(ctx), "the new observers to commit every partition to its end again", 60_000);
  assert.deepEqual(await figures(again), expectedFigures(100, e.topics.transfers), "nothing counted twice");
  await eachInstanceExact(e, "k", 100);
  const [m1, m2] = [parseMetrics(await e.metrics()), parseMetrics(await again.metrics())];
  const sum = (name: string) => total(m1, name, SAGA) + total(m2, name, SAGA);
  assert.ok(sum("sagascope_observer_records_read_total") >= sent, "the new observers read every record again");
  assert.equal(sum("sagascope_observer_records_stored_total"), 0, "and stored none of them");
  assert.equal(
    sum("sagascope_observer_records_not_json_total") +
      sum("sagascope_observer_records_uncorrelated_total") +
      sum("sagascope_observer_records_unmatched_total"),
    0,
  );
});
