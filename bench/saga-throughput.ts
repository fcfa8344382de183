// Saga throughput and end-to-end latency: the four services as separate processes (as in
// production) on the embedded broker and PostgreSQL, orders posted open-loop at a fixed rate,
// completion seen on order-complete/order-cancel. Run: npm run bench -- --rate 200 --seconds 20
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";
import { physicalTopic, SERVICES, TOPICS, TOPIC_PARTITIONS, type ServiceName } from "../contracts";
import { createTopicsVia } from "../server/embedded/broker";
import { ensureDatabase } from "../server/embedded/postgres";

const { values } = parseArgs({ options: { rate: { type: "string", default: "200" }, seconds: { type: "string", default: "20" } } });
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const brokers = process.env.KAFKA_BROKERS!;
const base = new URL(process.env.TEST_DATABASE_URL!);
const id = `bench${randomUUID().slice(0, 8)}`;
const prefix = `${id}.`;
const dbUrl = (s: ServiceName) => Object.assign(new URL(base), { pathname: `/${id}_${s}` }).toString();
const port = (s: ServiceName) => 5201 + SERVICES.indexOf(s);

const children: ChildProcess[] = [];

/** CPU time (user + system, ms) a process has used so far, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
}
async function startServices(): Promise<void> {
  await createTopicsVia(process.env.BROKER_CONTROL_URL!, TOPICS.map((t) => physicalTopic(t, prefix)), TOPIC_PARTITIONS);
  for (const s of SERVICES) {
    await ensureDatabase(dbUrl(s));
    const env = { ...process.env, KAFKA_BROKERS: brokers, TOPIC_PREFIX: prefix, GROUP_PREFIX: prefix, LOG_LEVEL: "warn", [`${s.toUpperCase()}_DATABASE_URL`]: dbUrl(s), [`${s.toUpperCase()}_PORT`]: String(port(s)) };
    const profile = process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
    children.push(spawn(process.execPath, [...profile, "--import", "tsx", `services/${s}/main.ts`], { env, stdio: ["ignore", "inherit", "inherit"] }));
  }
  for (const s of SERVICES) {
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://127.0.0.1:${port(s)}/health`).then((r) => r.ok).catch(() => false);
      if (ok) break;
      if (i > 600) throw new Error(`${s} did not start`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function main(): Promise<void> {
  await startServices();
  const stockDb = new pg.Client({ connectionString: dbUrl("stock") });
  const balanceDb = new pg.Client({ connectionString: dbUrl("balance") });
  await Promise.all([stockDb.connect(), balanceDb.connect()]);
  await stockDb.query("UPDATE products SET stock = 100000000, initial_stock = 100000000");
  await balanceDb.query("UPDATE users SET balance = 1000000000, initial_balance = 1000000000 WHERE id = 'u-alice'");

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let firstDone = 0;
  let lastDone = 0;
  const kafka = new Kafka({ clientId: "bench", brokers: brokers.split(","), logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: `${prefix}bench`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics: [physicalTopic("order-complete", prefix), physicalTopic("order-cancel", prefix)], fromBeginning: true });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.run({
    partitionsConsumedConcurrently: 8,
    eachMessage: async ({ message }) => {
      const t = sentAt.get(message.key!.toString());
      if (t === undefined) return;
      const now = performance.now();
      latencies.push(now - t);
      firstDone ||= now;
      lastDone = now;
    },
  });
  while (!joined) await new Promise((r) => setTimeout(r, 50));

  const idleStart = children.map((c) => cpuMs(c.pid!));
  await new Promise((r) => setTimeout(r, 5000));
  const idleCpuPercent = Object.fromEntries(SERVICES.map((s, i) => [s, +((cpuMs(children[i].pid!) - idleStart[i]) / 50).toFixed(1)]));
  const cpuBefore = children.map((c) => cpuMs(c.pid!));
  const total = rate * seconds;
  const started = performance.now();
  let failed = 0;
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    inflight.push(
      fetch(`http://127.0.0.1:${port("order")}/orders`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ userId: "u-alice", items: [{ productId: "p-cable", quantity: 1 }] }),
      })
        .then(async (r) => {
          if (r.status !== 202) throw new Error(`HTTP ${r.status}`);
          sentAt.set(((await r.json()) as { orderId: string }).orderId, t0);
        })
        .catch(() => void failed++),
    );
  }
  await Promise.all(inflight);
  const sendSeconds = (performance.now() - started) / 1000;
  const deadline = Date.now() + 120_000;
  while (latencies.length < sentAt.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

  const cpuPerSaga = Object.fromEntries(
    SERVICES.map((s, i) => [s, +((cpuMs(children[i].pid!) - cpuBefore[i]) / Math.max(1, latencies.length)).toFixed(2)]),
  );
  const sorted = [...latencies].sort((a, b) => a - b);
  const doneSeconds = (lastDone - started) / 1000;
  console.log(JSON.stringify({
    offeredRate: rate,
    orders: total,
    httpFailures: failed,
    finished: latencies.length,
    sendSeconds: +sendSeconds.toFixed(2),
    sagasPerSecond: +(latencies.length / doneSeconds).toFixed(1),
    idleCpuPercentByService: idleCpuPercent,
    cpuMsPerSagaByService: cpuPerSaga,
    latencyMs: { p50: +pct(sorted, 50).toFixed(1), p95: +pct(sorted, 95).toFixed(1), p99: +pct(sorted, 99).toFixed(1), max: +pct(sorted, 100).toFixed(1) },
  }, null, 2));
  await consumer.disconnect();
  await Promise.all([stockDb.end(), balanceDb.end()]);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const c of children) c.kill("SIGTERM");
  });
