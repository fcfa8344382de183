// npm run bench:observer: how many records/s the saga observer stores, and what its instance
// view costs. The bank-transfer example's records are offered at a fixed rate to prefixed topics
// on the broker and durable PostgreSQL of scripts/with-infra.ts; the observer runs as its own
// process from build/services. Measured: records stored per second (its database's counter),
// lag at the window's end, CPU per record of the observer, PostgreSQL and the broker, memory,
// commits, then GET /api/sagas/:name/instances/:id of a many-record instance, through the web
// origin's gateway and straight at the observer. Settings: --help. See docs/performance.md.
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, resolve } from "node:path";
import pg from "pg";
import { createExampleTopics } from "../examples/bank-transfer/publish";
import { connectProducer, createKafka } from "../services/kit/kafka/client";
import { commitsSoFar } from "./saga/figures";
import { writeJson } from "./saga/report";
import { sampleAll, type Watched } from "./saga/resources";
import { publishBigInstance, offerAtRate, prefixedDefinition } from "./observer/load";
import { postmasterPidOf, startObserverProcess } from "./observer/process";
import { printObserverReport, timeRequests, timeRequestsUntil, type ObserverFigures } from "./observer/report";
import { parseObserverSettings, USAGE } from "./observer/settings";
import { startWebGateway } from "./observer/gateway";

const need = (name: string) =>
  process.env[name] ??
  (() => {
    throw new Error(`${name} is not set: run through npm run bench:observer`);
  })();

const settings = parseObserverSettings(process.argv.slice(2));
if (settings === "help") {
  console.log(USAGE);
  process.exit(0);
}
const brokers = need("KAFKA_BROKERS");
const id = `bobs${randomUUID().slice(0, 8)}`;
const saga = prefixedDefinition(`${id}.`, settings.runs);
const admin = new pg.Pool({ connectionString: need("TEST_DATABASE_URL"), max: 2 });
const dbName = `${id}_observer`;
await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = Object.assign(new URL(need("TEST_DATABASE_URL")), { pathname: `/${dbName}` }).toString();
const db = new pg.Pool({ connectionString: dbUrl, max: 2 });
const kafka = createKafka({ brokers: brokers.split(",") }, "bench-observer", { quiet: true });
await createExampleTopics(kafka, Object.values(saga.topics), settings.partitions);
const producer = await connectProducer(kafka);

const observer = await startObserverProcess({
  brokers,
  databaseUrl: dbUrl,
  port: settings.observerPort,
  definitions: saga.file,
  groupPrefix: `${id}.`,
});
const gateway = await startWebGateway(brokers, observer.url);
const watched: Watched = {
  observer: { pid: observer.pid, withChildren: false },
  postgres: { pid: await postmasterPidOf(admin), withChildren: true },
  ...(process.env.BROKER_PID ? { broker: { pid: Number(process.env.BROKER_PID), withChildren: false } } : {}),
};
const stored = async () =>
  Number(
    (
      await db
        .query<{ value: string }>(
          `SELECT coalesce(sum(value), 0) AS value FROM saga_counters WHERE saga = $1 AND metric = 'total'`,
          [saga.name],
        )
        .catch(() => ({ rows: [] }))
    ).rows[0]?.value ?? 0,
  );
const log = (line: string) => process.stdout.write(`[bench:observer] ${line}\n`);

try {
  const bigId = await publishBigInstance(producer, saga.topics, id, settings.bigInstance);
  while ((await stored()) < settings.bigInstance) await new Promise((r) => setTimeout(r, 200));
  log(
    `observer up (pid ${observer.pid}), ${settings.bigInstance}-record instance stored; offering ${settings.rate} records/s for ${settings.seconds} s`,
  );

  const [cpu0, commits0, stored0, bench0, t0] = [
    sampleAll(watched),
    await commitsSoFar(admin, [dbName]),
    await stored(),
    process.cpuUsage(),
    performance.now(),
  ];
  // Each second: records stored so far, and the observer's memory (PSS MB), to see it stay flat.
  const timeline: { s: number; stored: number; observerMb: number }[] = [];
  let peakRssMb = 0;
  const ticker = setInterval(() => {
    void stored().then((n) => {
      const observerMb = sampleAll({ observer: watched.observer! }).observer!.rssMb;
      timeline.push({ s: Math.round((performance.now() - t0) / 100) / 10, stored: n - stored0, observerMb });
      peakRssMb = Math.max(peakRssMb, observerMb);
      log(`${timeline.at(-1)!.s.toFixed(0)} s: ${n - stored0} stored, observer ${observerMb} MB`);
    });
  }, 1000);
  const offering = offerAtRate(producer, saga.topics, id, settings.rate, settings.seconds);
  const reads = timeRequestsUntil(`${gateway.base}/api/sagas/${saga.name}/instances/${bigId}`, offering);
  const offered = await offering;
  const duringIngestMs = await reads;
  const [cpu1, commits1, stored1, bench1, t1] = [
    sampleAll(watched),
    await commitsSoFar(admin, [dbName]),
    await stored(),
    process.cpuUsage(bench0),
    performance.now(),
  ];
  clearInterval(ticker);
  const total = stored0 + offered.sent;
  const drainDeadline = Date.now() + settings.drainSeconds * 1000;
  while ((await stored()) < total && Date.now() < drainDeadline) await new Promise((r) => setTimeout(r, 200));
  const [stored2, t2] = [await stored(), performance.now()];

  const seconds = (t1 - t0) / 1000;
  const storedInWindow = stored1 - stored0;
  const cpuMsPerRecord = Object.fromEntries(
    Object.keys(watched).map((k) => [k, (cpu1[k]!.cpuMs - cpu0[k]!.cpuMs) / Math.max(1, storedInWindow)]),
  );
  const instanceRecords = (
    (await (await fetch(`${gateway.base}/api/sagas/${saga.name}/instances/${bigId}`)).json()) as { steps: unknown[] }
  ).steps.length;
  const figures: ObserverFigures = {
    offeredPerSecond: offered.sent / (offered.ms / 1000),
    storedPerSecond: storedInWindow / seconds,
    lagAtEnd: Math.max(0, total - stored1),
    drainSeconds: stored2 >= total ? (t2 - t1) / 1000 : null,
    sustainedPerSecond: stored2 >= total ? offered.sent / ((t2 - t0) / 1000) : null,
    commitsPerSecond: (commits1 - commits0) / seconds,
    recordsPerCommit: storedInWindow / Math.max(1, commits1 - commits0),
    cpuMsPerRecord: { ...cpuMsPerRecord, bench: (bench1.user + bench1.system) / 1000 / Math.max(1, storedInWindow) },
    coresUsed: Object.fromEntries(Object.keys(watched).map((k) => [k, (cpu1[k]!.cpuMs - cpu0[k]!.cpuMs) / (t1 - t0)])),
    observerRssMb: { end: cpu1.observer!.rssMb, peak: peakRssMb },
    instanceRecords,
    viaGatewayMs: await timeRequests(`${gateway.base}/api/sagas/${saga.name}/instances/${bigId}`, settings.requests),
    directMs: await timeRequests(`${observer.url}/sagas/${saga.name}/instances/${bigId}`, settings.requests),
    duringIngestMs,
  };
  printObserverReport(settings, figures, offered.sent, seconds);
  const path = writeJson(resolve("bench", "results"), {
    kind: "observer",
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memGb: Math.round(totalmem() / 2 ** 30) },
    settings,
    figures,
    timeline,
  });
  log(`written ${path}`);
} finally {
  gateway.close();
  await observer.stop();
  await producer.disconnect();
  // The database goes with with-infra's PostgreSQL, made fresh for every run.
  await db.end();
  await admin.end();
  rmSync(dirname(saga.file), { recursive: true, force: true });
}
