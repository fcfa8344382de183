// npm run bench:watched-feed: a watched saga's records at RATE records/s reach the pages in its
// room, and what the pages cost the observer's database. The bank example's transfers are
// offered to prefixed topics (as bench:observer does); the observer (build/services) and the
// web process (bench/watched/web.ts: gateway + bridge) run as their own processes; N socket.io
// clients act as open /sagas/:name pages (read the detail and the instances once, as a page
// does on load, then join the saga's room). Per run: Kafka timestamp -> client receive of every
// record pushed, and of the oldest record of each push; the observer database's commits
// (pg_stat_database.xact_commit: ingest and reads alike) and the pages' HTTP reads in the window.
// Env: RATE=5000, SECONDS=30, PAGES=1,50, OBSERVER_PORT=4505, WEB_PORT=3505.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { createInterface } from "node:readline";
import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents } from "../contracts/socket";
import { createExampleTopics } from "../examples/bank-transfer/publish";
import { connectProducer, createKafka } from "../services/kit/kafka/client";
import { percentile } from "../shared/sagaStats";
import { offerAtRate, prefixedDefinition } from "./observer/load";
import { startObserverProcess } from "./observer/process";
import { commitsSoFar } from "./saga/figures";
import { createSagaTopics } from "../test/kafka";

const need = (name: string) =>
  process.env[name] ??
  (() => {
    throw new Error(`${name} is not set: run through npm run bench:watched-feed`);
  })();
const rate = Number(process.env.RATE ?? 5000);
const seconds = Number(process.env.SECONDS ?? 30);
const pageCounts = (process.env.PAGES ?? "1,50").split(",").map(Number);
const observerPort = Number(process.env.OBSERVER_PORT ?? 4505);
const webPort = Number(process.env.WEB_PORT ?? 3505);
const brokers = need("KAFKA_BROKERS");
const log = (line: string) => process.stdout.write(`[bench:watched-feed] ${line}\n`);

type Page = { socket: Socket<ServerToClientEvents, ClientToServerEvents>; reads: number };
type Figures = { records: number[]; oldest: number[]; pushes: number; omitted: number; resyncs: number };

const id = `bwf${randomUUID().slice(0, 8)}`;
const saga = prefixedDefinition(`${id}.`);
const admin = new pg.Pool({ connectionString: need("TEST_DATABASE_URL"), max: 2 });
const dbName = `${id}_observer`;
await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = Object.assign(new URL(need("TEST_DATABASE_URL")), { pathname: `/${dbName}` }).toString();
const db = new pg.Pool({ connectionString: dbUrl, max: 2 });
const kafka = createKafka({ brokers: brokers.split(",") }, "bench-watched-feed", { quiet: true });
await createExampleTopics(kafka, Object.values(saga.topics), 4);
// The built-in saga's topics too, so the web process's own Kafka feed starts quietly.
await createSagaTopics(`${id}.`, { kafka });
const producer = await connectProducer(kafka);
const observer = await startObserverProcess({
  brokers,
  databaseUrl: dbUrl,
  port: observerPort,
  definitions: saga.file,
  groupPrefix: `${id}.`,
});
const web = spawn(process.execPath, ["--import", "tsx", "bench/watched/web.ts"], {
  env: { ...process.env, PORT: String(webPort), OBSERVER_URL: observer.url, TOPIC_PREFIX: `${id}.`, LOG_LEVEL: "warn" },
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((resolve, reject) => {
  web.once("exit", (code) => reject(new Error(`the web process exited (${code})`)));
  createInterface({ input: web.stdout! }).on("line", (l) => l === "ready" && resolve());
});
const base = `http://127.0.0.1:${webPort}`;
const stored = async () =>
  Number(
    (
      await db.query<{ value: string }>(
        `SELECT coalesce(sum(value), 0) AS value FROM saga_counters WHERE saga = $1 AND metric = 'total'`,
        [saga.name],
      )
    ).rows[0]?.value ?? 0,
  );

/** One open page: its load's two reads, then the saga's room. */
async function openPage(figures: Figures): Promise<Page> {
  const page: Page = { socket: io(base, { path: SOCKET_PATH, transports: ["websocket"] }), reads: 0 };
  const read = async (path: string) => {
    page.reads++;
    const r = await fetch(`${base}${path}`);
    if (!r.ok) throw new Error(`${path} answered ${r.status}`);
    await r.arrayBuffer();
  };
  await read(`/api/sagas/${saga.name}`);
  await read(`/api/sagas/${saga.name}/instances?limit=200`);
  if (!page.socket.connected) await new Promise<void>((resolve) => page.socket.once("connect", resolve));
  await page.socket.emitWithAck("saga:watch", saga.name);
  page.socket.on("saga:batch", (b) => {
    const now = Date.now();
    figures.pushes++;
    figures.omitted += b.omitted;
    let oldest = Infinity;
    for (const r of b.records) {
      const t = Date.parse(r.at);
      figures.records.push(now - t);
      oldest = Math.min(oldest, t);
    }
    for (const i of b.instances) oldest = Math.min(oldest, Date.parse(i.firstAt));
    if (oldest !== Infinity) figures.oldest.push(now - oldest);
  });
  // A page reads again on a resync (useSagaLive.ts): counted as its reads.
  page.socket.on("saga:resync", () => {
    figures.resyncs++;
    void read(`/api/sagas/${saga.name}`).then(() => read(`/api/sagas/${saga.name}/instances?limit=200`));
  });
  return page;
}

const f = (n: number | null) => (n === null ? "–" : `${n.toFixed(0)} ms`);
const results: string[] = [];
try {
  let run = 0;
  for (const n of pageCounts) {
    const figures: Figures = { records: [], oldest: [], pushes: 0, omitted: 0, resyncs: 0 };
    const pages: Page[] = [];
    for (let i = 0; i < n; i++) pages.push(await openPage(figures));
    const readsAtLoad = pages.reduce((s, p) => s + p.reads, 0);
    const [stored0, commits0, t0] = [await stored(), await commitsSoFar(admin, [dbName]), performance.now()];
    log(
      `${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}; ${n} page(s) open (${readsAtLoad} reads at load); offering ${rate} records/s for ${seconds} s`,
    );
    const offered = await offerAtRate(producer, saga.topics, `${id}-${run++}`, rate, seconds);
    const deadline = Date.now() + 60_000;
    while ((await stored()) < stored0 + offered.sent && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    const [stored1, commits1, t1] = [await stored(), await commitsSoFar(admin, [dbName]), performance.now()];
    await new Promise((r) => setTimeout(r, 1000)); // the last flush reaches the pages
    const window = (t1 - t0) / 1000;
    const readsInWindow = pages.reduce((s, p) => s + p.reads, 0) - readsAtLoad;
    for (const p of pages) p.socket.close();
    const line =
      `| ${n} | ${(offered.sent / (offered.ms / 1000)).toFixed(0)} | ${((stored1 - stored0) / window).toFixed(0)} | ` +
      `${f(percentile(figures.records, 50))} / ${f(percentile(figures.records, 95))} / ${f(percentile(figures.records, 99))} | ` +
      `${f(percentile(figures.oldest, 50))} / ${f(percentile(figures.oldest, 95))} | ` +
      `${(figures.pushes / n / window).toFixed(1)} | ${((commits1 - commits0) / window).toFixed(1)} | ` +
      `${(((commits1 - commits0) / Math.max(1, stored1 - stored0)) * 1000).toFixed(1)} | ${readsInWindow} | ${figures.resyncs} |`;
    results.push(line);
    log(
      `load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(
          " ",
        )}; ${n} page(s): ${figures.records.length} records received (${figures.omitted} counted, not sent), ${figures.pushes} pushes`,
    );
  }
  console.log(
    "\n| pages | offered rec/s | stored rec/s | record latency p50 / p95 / p99 | oldest of a push p50 / p95 | pushes/s per page | observer DB commits/s | commits per 1,000 stored | page reads in window | resyncs |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const l of results) console.log(l);
} finally {
  const exited = new Promise((r) => web.once("exit", r));
  web.kill("SIGTERM");
  await exited;
  await observer.stop();
  await producer.disconnect();
  await db.end();
  await admin.end();
}
