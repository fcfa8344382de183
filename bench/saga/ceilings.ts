// The machine's own ceilings, measured in the same run on the same broker and PostgreSQL:
// - broker: records of a saga's size produced and consumed with kafkajs, as the services do;
// - database: short write transactions committed by as many clients as the services use, at
//   the durability of the run;
// The CPU ceiling (cores divided by the CPU one saga costs) is derived from the saga run itself.
import { randomUUID } from "node:crypto";
import { cpus } from "node:os";
import pg from "pg";
import { ensureDatabase } from "../../server/embedded/postgres";
import { createConsumer, createKafka } from "../../services/kit/kafka/client";
import { createAndWait } from "../../services/kit/kafka/topics";

export type Ceilings = {
  /** Produced in 500-record batches: what the broker can move at best. */
  brokerRecordsPerSecond: number;
  /** Produced one record per send, 8 sends in flight: what a lightly loaded relay hands it. */
  brokerSingleRecordsPerSecond: number;
  databaseCommitsPerSecond: number;
  cores: number;
};

/** A record the size of a saga event (a stock-decrease envelope is about 600 bytes). */
const RECORD = JSON.stringify({ pad: "x".repeat(560), id: randomUUID() });

export async function brokerCeiling(opts: {
  brokers: string[];
  topic: string;
  partitions: number;
  records?: number;
  batch?: number;
  inFlight?: number;
  maxWaitMs?: number;
}): Promise<number> {
  const total = opts.records ?? 30_000;
  const kafka = createKafka({ brokers: opts.brokers }, "bench-ceiling");
  const admin = kafka.admin();
  await admin.connect();
  await createAndWait(admin, [{ topic: opts.topic, numPartitions: opts.partitions }]);
  // kafkajs's plain producer, acks from the leader: the broker's own rate, not the services' producer.
  const producer = kafka.producer();
  const consumer = createConsumer(
    kafka,
    `${opts.topic}-reader`,
    opts.maxWaitMs ? { maxWaitTimeInMs: opts.maxWaitMs } : {},
  );
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic: opts.topic, fromBeginning: true });
  let seen = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  let joined!: () => void;
  const ready = new Promise<void>((r) => (joined = r));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    partitionsConsumedConcurrently: opts.partitions,
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
      if (seen >= total) done();
    },
  });
  await ready;
  const started = performance.now();
  let sent = 0;
  const sender = async () => {
    while (sent < total) {
      const n = Math.min(opts.batch ?? 500, total - sent);
      sent += n;
      await producer.send({
        topic: opts.topic,
        messages: Array.from({ length: n }, () => ({ key: randomUUID(), value: RECORD })),
      });
    }
  };
  await Promise.all(Array.from({ length: opts.inFlight ?? 4 }, sender));
  await all;
  const seconds = (performance.now() - started) / 1000;
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  await admin.deleteGroups([`${opts.topic}-reader`]).catch(() => undefined);
  await admin.deleteTopics({ topics: [opts.topic] });
  await admin.disconnect();
  return total / seconds;
}

export async function databaseCeiling(opts: { url: string; clients: number; seconds?: number }): Promise<number> {
  await ensureDatabase(opts.url);
  const setup = new pg.Client({ connectionString: opts.url });
  await setup.connect();
  await setup.query(
    "CREATE TABLE IF NOT EXISTS ceiling (id bigserial PRIMARY KEY, order_id text NOT NULL, body jsonb NOT NULL)",
  );
  await setup.end();
  const until = performance.now() + (opts.seconds ?? 5) * 1000;
  let commits = 0;
  const body = JSON.stringify({ pad: "x".repeat(400) });
  const client = async () => {
    const c = new pg.Client({ connectionString: opts.url });
    await c.connect();
    while (performance.now() < until) {
      await c.query("BEGIN");
      await c.query("INSERT INTO ceiling (order_id, body) VALUES ($1, $2)", [randomUUID(), body]);
      await c.query("COMMIT");
      commits++;
    }
    await c.end();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.clients }, client));
  return commits / ((performance.now() - started) / 1000);
}

export async function measureCeilings(opts: {
  brokers: string[];
  prefix: string;
  partitions: number;
  databaseUrl: string;
}): Promise<Ceilings> {
  const brokerRecordsPerSecond = await brokerCeiling({
    brokers: opts.brokers,
    topic: `${opts.prefix}ceiling`,
    partitions: opts.partitions,
  });
  const brokerSingleRecordsPerSecond = await brokerCeiling({
    brokers: opts.brokers,
    topic: `${opts.prefix}ceiling-single`,
    partitions: opts.partitions,
    records: 3000,
    batch: 1,
    inFlight: 8,
  });
  const databaseCommitsPerSecond = await databaseCeiling({ url: opts.databaseUrl, clients: 8 });
  return { brokerRecordsPerSecond, brokerSingleRecordsPerSecond, databaseCommitsPerSecond, cores: cpus().length };
}
