// Broker faults for real, on a three-node KRaft cluster of this file's own (replication 3,
// min.insync.replicas 2) under the four services while orders flow: the busiest partition leader
// killed, a node hung and resumed, a rolling restart, the whole cluster stopped and started again.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SERVICES } from "../../contracts";
import { startEmbeddedKafka, type EmbeddedKafka, type KafkaNode } from "../../server/embedded/broker";
import { createKafka } from "../../services/kit/kafka/client";
import { until, type Cluster } from "./cluster";
import { placeMany } from "./load";
import { scenario } from "./scenario";

type Partition = { topic: string; leader: number; isr: number[]; replicas: number[] };

let kafka: EmbeddedKafka;

/** The scenario's partitions and the group offsets' as the cluster's metadata has them; gives up after 5 s (a hung node never answers). */
async function partitions(c: Cluster, bootstrap = kafka.bootstrap): Promise<Partition[]> {
  const admin = createKafka({ brokers: bootstrap.split(",") }, `${c.id}-probe`, { quiet: true, retries: 0 }).admin();
  const probe = (async () => {
    await admin.connect();
    const names = (await admin.listTopics()).filter((t) => t.startsWith(c.prefix) || t === "__consumer_offsets");
    const { topics } = await admin.fetchTopicMetadata({ topics: names });
    return topics.flatMap((t) =>
      t.partitions.map((p) => ({ topic: t.name, leader: p.leader, isr: p.isr, replicas: p.replicas })),
    );
  })();
  probe.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error("no metadata within 5 s")), 5000)),
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
    void admin.disconnect().catch(() => undefined);
  }
}

const ledBy = (c: Cluster, list: Partition[], node: KafkaNode) =>
  list.filter((p) => p.topic.startsWith(c.prefix) && p.leader === node.id).length;

async function busiest(c: Cluster): Promise<{ node: KafkaNode; leads: number }> {
  const list = await until(() => partitions(c), "the partitions' metadata");
  const node = kafka.nodes.reduce((a, b) => (ledBy(c, list, b) > ledBy(c, list, a) ? b : a));
  return { node, leads: ledBy(c, list, node) };
}

/** Until every partition has a leader and all three replicas in sync; returns how long that took. */
async function fullIsr(c: Cluster, when: string): Promise<number> {
  const started = Date.now();
  await until(async () => {
    const list = await partitions(c);
    return (
      list.some((p) => p.topic.startsWith(c.prefix)) &&
      list.every((p) => p.leader >= 0 && p.replicas.length === kafka.nodes.length && p.isr.length === p.replicas.length)
    );
  }, `every partition to have ${kafka.nodes.length} in-sync replicas ${when}`);
  return Date.now() - started;
}

/**
 * Every service healthy again. With one broker gone the services ride it out in-process; with the
 * whole cluster down for tens of seconds a consumer may give up after its retries, and then its
 * process exits and its supervisor starts it again, which is the designed recovery (`restartsAllowed`).
 */
/** The orders of a scenario, 5 at a time at 5 a second, with the fault done when half are placed. */
const underLoad = (c: Cluster, atHalf: () => Promise<void>) =>
  placeMany(c, 50, { concurrency: 5, perSecond: 5, atHalf });

async function recovered(c: Cluster, restartsAllowed = false): Promise<void> {
  for (const s of SERVICES) await until(() => c.healthy(s), `${s} to recover by itself`, 90_000);
  if (!restartsAllowed) assert.deepEqual(Object.values(c.starts), [1, 1, 1, 1], "no service process died");
}

const address = (n: KafkaNode) => `127.0.0.1:${n.port}`;

describe("brokers", () => {
  before(async () => {
    kafka = await startEmbeddedKafka({
      // Moved by TEST_KAFKA3_*, for a second run beside the first.
      dataDir: process.env.TEST_KAFKA3_DIR ?? ".data/fault-kafka3",
      port: Number(process.env.TEST_KAFKA3_PORT ?? 29292),
      nodes: 3,
      fresh: true,
      log: (m) => console.log(`[kafka3] ${m}`),
    });
  });
  after(async () => {
    await kafka?.stop();
  });

  it("SIGKILL of the broker leading the most partitions, mid-batch (3 brokers)", async (t) => {
    await scenario(
      "SIGKILL of the broker leading the most partitions, mid-batch (3 brokers)",
      { brokers: kafka.bootstrap },
      async (c) => {
        await underLoad(c, async () => {
          const { node, leads } = await busiest(c);
          const pid = node.pid();
          node.signal("SIGKILL");
          const killed = Date.now();
          await until(
            async () => node.pid() !== null && node.pid() !== pid,
            `node ${node.id} to be restarted by its supervisor`,
          );
          await node.ready();
          const back = Date.now() - killed;
          const isr = await fullIsr(c, `after node ${node.id} came back`);
          t.diagnostic(
            `node ${node.id} led ${leads} partitions; serving again ${back} ms after the kill, full ISR ${isr} ms later`,
          );
          // Nothing hands leadership back within the test (the preferred-leader check runs every 5 minutes).
          assert.ok(ledBy(c, await partitions(c), node) < leads, "the survivors took over its partitions");
        });
        await recovered(c);
      },
    );
  });

  it("a broker hung with SIGSTOP and resumed (3 brokers)", async (t) => {
    await scenario("a broker hung with SIGSTOP and resumed (3 brokers)", { brokers: kafka.bootstrap }, async (c) => {
      await underLoad(c, async () => {
        const { node, leads } = await busiest(c);
        const pid = node.pid();
        const others = kafka.nodes
          .filter((n) => n !== node)
          .map(address)
          .join(",");
        node.signal("SIGSTOP");
        const hung = Date.now();
        try {
          // Its sockets stay open but nothing answers: the controller fences it once its heartbeats stop (3 s).
          await until(
            async () => ledBy(c, await partitions(c, others), node) === 0,
            `leadership to move away from the hung node ${node.id}`,
            30_000,
          );
          t.diagnostic(`node ${node.id} led ${leads} partitions; none ${Date.now() - hung} ms after SIGSTOP`);
        } finally {
          node.signal("SIGCONT");
        }
        t.diagnostic(`full ISR ${await fullIsr(c, `after node ${node.id} resumed`)} ms after SIGCONT`);
        assert.equal(node.pid(), pid, "resumed, not restarted");
      });
      await recovered(c);
    });
  });

  it("rolling restart of all three brokers (3 brokers)", async (t) => {
    const stops: number[] = [];
    await scenario("rolling restart of all three brokers (3 brokers)", { brokers: kafka.bootstrap }, async (c) => {
      await placeMany(c, 60, {
        concurrency: 6,
        perSecond: 3,
        atHalf: async () => {
          for (const node of kafka.nodes) {
            const pid = node.pid();
            const stopping = Date.now();
            await node.stop("SIGTERM");
            stops.push(Date.now() - stopping);
            await node.start();
            assert.notEqual(node.pid(), pid);
            t.diagnostic(
              `node ${node.id}: stopped in ${stops.at(-1)} ms, full ISR ${await fullIsr(c, `after node ${node.id} restarted`)} ms after it served`,
            );
          }
        },
      });
      await recovered(c);
    });
    // stop() SIGKILLs a node still running after 15 s. Under load on two cores a controlled
    // shutdown sometimes takes that long (seen once in 4 runs): reported, not a failure, since
    // the invariants are what this scenario proves.
    const slow = stops.filter((ms) => ms >= 15_000).length;
    t.diagnostic(`graceful stops: ${stops.join(", ")} ms${slow ? ` (${slow} forced after 15 s)` : ""}`);
  });

  it("the whole cluster stopped and started with its data (3 brokers)", async (t) => {
    const a = await scenario(
      "the whole cluster stopped and started with its data (3 brokers)",
      { brokers: kafka.bootstrap },
      async (c) => {
        await underLoad(c, async () => {
          const stopping = Date.now();
          await Promise.all(kafka.nodes.map((n) => n.stop("SIGTERM")));
          const stopped = Date.now() - stopping;
          // Orders are still taken meanwhile: they wait in the order service's outbox.
          await until(async () => !(await c.healthy("stock")), "stock to report the broker down", 20_000);
          const starting = Date.now();
          await Promise.all(kafka.nodes.map((n) => n.start()));
          const started = Date.now() - starting;
          t.diagnostic(
            `stopped in ${stopped} ms, serving ${started} ms after the start, full ISR ${await fullIsr(c, "after the cluster restarted")} ms later`,
          );
        });
        await recovered(c, true);
        t.diagnostic(`service starts: ${JSON.stringify(c.starts)}`);
      },
    );
    assert.equal(a.orders, 50, "every order placed, before the stop and during it, ended");
  });
});
