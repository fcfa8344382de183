// npm run bench: saga throughput and latency on the real processes, beside the machine's own
// ceilings measured in the same run. The four services run from build/services as separate
// processes (N instances each), with the saga observer that keeps the journeys (one process), on the broker and PostgreSQL of scripts/with-infra.ts, or on a
// real Kafka and PostgreSQL: `KAFKA_BROKERS=… TEST_DATABASE_URL=… npx tsx bench/saga-throughput.ts`
// (without BROKER_PID the broker's CPU is not read). See docs/performance.md; settings: --help.
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { cpus, totalmem } from "node:os";
import pg from "pg";
import { SERVICES, type SagaMode } from "../contracts";
import { settle } from "../test/faults/audit";
import { startCluster, until, type Cluster } from "../test/faults/cluster";
import { measureCeilings, type Ceilings } from "./saga/ceilings";
import {
  commitsSoFar,
  consumerLag,
  hopSplit,
  outboxDepths,
  recordsPerSaga,
  sagaPaths,
  timePerSaga,
} from "./saga/figures";
import { mixPlan, offer, orderBody, seedBench } from "./saga/load";
import { startBenchObserver, type BenchObserver } from "./saga/journeys";
import { startGateway } from "../test/integration/gateway-server";
import { Observer } from "./saga/observer";
import { preloadPast } from "./saga/preload";
import { printReads, probeReads, type ReadFigures } from "./saga/reads";
import { bound, modeSummary, printPaths, printTable, writeJson, type RunFigures } from "./saga/report";
import { recordBroker, resetStatements, threadCpu, writeStatements, writeThreadCpu } from "./saga/profile";
import { sampleAll, type Watched } from "./saga/resources";
import { parseSettings, USAGE, type BenchSettings } from "./saga/settings";
import { latencySummary, spread } from "./saga/stats";

const need = (name: string) =>
  process.env[name] ??
  (() => {
    throw new Error(`${name} is not set: run through npm run bench`);
  })();

/** Service settings the run inherited from the environment (every service process gets it). */
function serviceEnv(): Record<string, string> {
  const keys = [
    "OUTBOX_LINGER_MS",
    "OUTBOX_POLL_MS",
    "PARTITIONS_CONSUMED_CONCURRENTLY",
    "CONSUMER_LINGER_MS",
    "CONSUMER_MAX_ATTEMPTS",
    "ADMISSION_TARGET_MS",
    "ADMISSION_MIN_IN_FLIGHT",
  ];
  return Object.fromEntries(keys.flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
}

async function postmasterPid(admin: pg.Pool, url: string): Promise<number> {
  if (!["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname))
    throw new Error("PostgreSQL is not on this machine");
  const { rows } = await admin.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  const { readFileSync } = await import("node:fs");
  const stat = readFileSync(`/proc/${rows[0]!.pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

async function runOnce(
  n: number,
  mode: SagaMode,
  s: BenchSettings,
  c: Cluster,
  o: Observer,
  journeys: BenchObserver,
  admin: pg.Pool,
  watched: Watched,
  first: number,
  log: (line: string) => void,
) {
  const urls = c.instanceUrls("order");
  const plan = mixPlan(s.mix);
  const place = (measured: boolean) => async (i: number) => {
    const t0 = performance.now();
    o.offered++;
    const r = await fetch(`${urls[i % urls.length]}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(orderBody(plan[i % plan.length]!, i, mode)),
    }).catch((err: Error) => err);
    if (r instanceof Error || r.status !== 202) {
      // Shed (503 with Retry-After) apart from what failed otherwise: another status or no answer.
      if (!(r instanceof Error) && r.status === 503) o.refused++;
      else
        o.failed(
          r instanceof Error
            ? `no answer: ${(r.cause as Error | undefined)?.message ?? r.message}`
            : `HTTP ${r.status}`,
        );
      if (!(r instanceof Error)) await r.body?.cancel();
      return null;
    }
    const id = ((await r.json()) as { orderId: string }).orderId;
    o.placed(id, t0, measured);
    return id;
  };
  const ended = (id: string) => o.waitFor(id);
  const databases = [...SERVICES, "observer"].map((svc) => `${c.id}_${svc}`);

  o.beginRun();
  let phase = "warm-up";
  const ticker = setInterval(() => log(o.progress(`run ${n}/${s.runs} ${mode} ${phase}`)), 1000);
  try {
    const warmed = await offer(s, s.warmup, first, { place: place(false), ended });
    phase = "measuring";
    const brokerPid = watched.broker?.pid;
    if (s.profile) {
      recordBroker(s.profile, `broker-run${n}-${mode}.jfr`, s.seconds);
      await resetStatements(admin);
    }
    const threads0 = s.profile && brokerPid ? threadCpu(brokerPid) : null;
    const [cpu0, commits0, t0] = [sampleAll(watched), await commitsSoFar(admin, databases), performance.now()];
    const offered = await offer(s, s.seconds, first + warmed, { place: place(true), ended });
    const [cpu1, commits1, t1] = [sampleAll(watched), await commitsSoFar(admin, databases), performance.now()];
    if (s.profile) {
      const inWindow = o.endedAt.filter((t) => t >= t0 && t <= t1).length;
      await writeStatements(admin, s.profile, `statements-run${n}-${mode}.txt`, inWindow);
      if (threads0 && brokerPid)
        writeThreadCpu(s.profile, `broker-threads-run${n}-${mode}.txt`, threads0, threadCpu(brokerPid), inWindow);
    }
    const [outboxAtEnd, consumerLagAtEnd] = await Promise.all([
      outboxDepths(c.db),
      consumerLag(need("KAFKA_BROKERS").split(","), c.prefix, [
        ...SERVICES,
        "order-dead-letters",
        "sagascope.observer.orders",
      ]),
    ]);
    phase = "draining";
    const drainStart = performance.now();
    await until(async () => o.inFlight() === 0, "every saga to end", 180_000).catch(() => undefined);
    const drainSeconds = (performance.now() - drainStart) / 1000;
    const inWindow = o.endedAt.filter((t) => t >= t0 && t <= t1).length;
    const per = (ms: number) => Math.round((ms / Math.max(1, inWindow)) * 100) / 100;
    const cpuMsPerSaga = Object.fromEntries(Object.keys(watched).map((k) => [k, per(cpu1[k]!.cpuMs - cpu0[k]!.cpuMs)]));
    const measuredIds = o.measuredIds.slice(0, 20_000);
    // An order's end is not its saga's last record (an orchestrated saga still awaits the notice's
    // reply): wait until the cluster is quiet and every check holds; a real breach stays for 60 s.
    const a = await settle(c, 60_000);
    const figures: RunFigures = {
      run: n,
      mode,
      offered,
      refused: o.refused,
      failed: Object.fromEntries(o.failures),
      sagasPerSecond: Math.round((inWindow / ((t1 - t0) / 1000)) * 10) / 10,
      latencyMs: latencySummary(o.latencies),
      hops: await hopSplit(journeys.db, measuredIds),
      recordsPerSaga: Math.round((await recordsPerSaga(journeys.db, measuredIds)) * 100) / 100,
      timePerSaga: await timePerSaga(journeys.db, measuredIds),
      paths: (await sagaPaths(journeys.db, measuredIds)).slice(0, 6),
      commitsPerSaga: per(commits1 - commits0),
      cpuMsPerSaga,
      // Services, PostgreSQL and the broker: what a saga costs the system (the load generator apart).
      cpuMsPerSagaTotal: Object.entries(cpuMsPerSaga)
        .filter(([k]) => k !== "load")
        .reduce((sum, [, v]) => sum + v, 0),
      rssMb: Object.fromEntries(
        Object.keys(watched).map((k) => [k, { start: Math.round(cpu0[k]!.rssMb), end: Math.round(cpu1[k]!.rssMb) }]),
      ),
      outboxAtEnd,
      consumerLagAtEnd,
      drainSeconds: Math.round(drainSeconds * 10) / 10,
      invariantsOk: a.ok && o.inFlight() === 0,
      problems: [...a.problems.slice(0, 5), ...(o.inFlight() ? [`${o.inFlight()} sagas did not end`] : [])],
    };
    return { figures, next: first + warmed + offered };
  } finally {
    clearInterval(ticker);
  }
}

async function main(): Promise<void> {
  if (process.argv.includes("--help")) return console.log(USAGE);
  const s = parseSettings(process.argv.slice(2));
  const brokers = need("KAFKA_BROKERS").split(",");
  const base = need("TEST_DATABASE_URL");
  const admin = new pg.Pool({ connectionString: base, max: 2 });
  // New sessions of this role (every service connection) commit as the run asks.
  await admin.query(`ALTER ROLE CURRENT_USER SET synchronous_commit = '${s.durable}'`);
  const probe = new pg.Client({ connectionString: base });
  await probe.connect();
  const durability: Record<string, string> = {};
  for (const k of ["fsync", "synchronous_commit", "full_page_writes"])
    durability[k] = (await probe.query(`SHOW ${k}`)).rows[0][k];
  await probe.end();
  const log = process.stderr.isTTY
    ? (line: string) => process.stderr.write(`\r${line.padEnd(110)}`)
    : (line: string) => console.error(line);

  let ceilings: Ceilings | null = null;
  if (s.ceilings === "on") {
    console.error("measuring the ceilings (broker, database)…");
    const ceilingDb = Object.assign(new URL(base), { pathname: `/ceiling_${randomUUID().slice(0, 8)}` }).toString();
    ceilings = await measureCeilings({
      brokers,
      prefix: `ceiling${randomUUID().slice(0, 8)}.`,
      partitions: s.partitions,
      databaseUrl: ceilingDb,
    });
  }
  console.error("starting the services…");
  const nodeArgs = s.profile ? ["--cpu-prof", `--cpu-prof-dir=${resolve(s.profile)}`] : [];
  // The services' own defaults unless the bench's environment sets them ("" = the default).
  const c = await startCluster({
    instances: s.instances,
    partitions: s.partitions,
    sagaTimeoutMs: 600_000,
    env: {
      LOG_LEVEL: "warn",
      ADMISSION_TARGET_MS: process.env.ADMISSION_TARGET_MS ?? "",
      OUTBOX_POLL_MS: process.env.OUTBOX_POLL_MS ?? "",
    },
    nodeArgs,
  });
  const observer = new Observer(brokers, c.prefix);
  const journeys = await startBenchObserver(c, base, nodeArgs);
  // The web origin's pipeline in this process, for the journey reads (the load's process pays for it).
  const web = await startGateway({ prefix: c.prefix, url: c.url, observer: journeys });
  const readUrls = { order: c.url("order", ""), web: web.base };
  try {
    await seedBench(c.db);
    await preloadPast({ ...c.db, observer: journeys.db }, s.preload, c.prefix, (line) => console.error(line));
    const pastId =
      s.preload > 0
        ? ((await c.db.order.query(`SELECT id FROM orders ORDER BY created_at LIMIT 1`)).rows[0]?.id ?? null)
        : null;
    const readsBefore = await probeReads(readUrls, { recent: null, past: pastId });
    await observer.start();
    const watched: Watched = {
      ...Object.fromEntries(Object.entries(c.pids()).map(([name, pid]) => [name, { pid, withChildren: false }])),
      observer: { pid: journeys.pid, withChildren: false },
      // PostgreSQL's processes can be read only when it runs on this machine.
      ...(await postmasterPid(admin, base)
        .then((pid) => ({ postgres: { pid, withChildren: true } }))
        .catch(() => ({}))),
      ...(process.env.BROKER_PID ? { broker: { pid: Number(process.env.BROKER_PID), withChildren: false } } : {}),
      load: { pid: process.pid, withChildren: false },
    };
    const runs: (RunFigures & { bound: ReturnType<typeof bound> | null })[] = [];
    let next = 0;
    for (let n = 1; n <= s.runs; n++) {
      // With both modes, each run measures the two in turn, alternating which goes first.
      for (const mode of n % 2 === 1 ? s.modes : [...s.modes].reverse()) {
        const r = await runOnce(n, mode, s, c, observer, journeys, admin, watched, next, log);
        next = r.next;
        runs.push({ ...r.figures, bound: ceilings ? bound(ceilings, r.figures) : null });
        if (process.stderr.isTTY) process.stderr.write("\n");
      }
    }
    const recentId = observer.measuredIds.at(-1) ?? null;
    const readsAfter = await probeReads(readUrls, { recent: recentId, past: pastId });
    printTable(s, ceilings, runs, serviceEnv());
    printPaths(runs);
    printReads(`reads before the runs (${s.preload.toLocaleString("en")} past orders)`, readsBefore);
    printReads("reads after the runs", readsAfter);
    const first = runs.filter((r) => r.mode === s.modes[0]);
    const median = [...first].sort((a, b) => a.sagasPerSecond - b.sagasPerSecond)[Math.floor(first.length / 2)]!;
    const path = writeJson(s.out, {
      at: new Date().toISOString(),
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model,
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      settings: { ...s, durability, serviceEnv: serviceEnv() },
      sagasPerSecond: median.sagasPerSecond,
      latencyMs: median.latencyMs,
      ceilings,
      ceilingRatio: median.bound?.ratio ?? null,
      boundBy: median.bound?.boundBy ?? null,
      invariantsOk: runs.every((r) => r.invariantsOk),
      cpuMsPerSaga: median.cpuMsPerSaga,
      rssMb: median.rssMb,
      spread: {
        sagasPerSecond: spread(runs.map((r) => r.sagasPerSecond)),
        p99: spread(runs.map((r) => r.latencyMs.p99)),
      },
      reads: { before: readsBefore, after: readsAfter } satisfies Record<string, ReadFigures>,
      modes: Object.fromEntries(s.modes.map((m) => [m, modeSummary(runs.filter((r) => r.mode === m))])),
      runs,
    });
    console.log(`figures written to ${path}`);
    if (s.modes.length > 1) {
      // The compact comparison the /modes page shows (commit it as docs/figures/modes.json).
      const summary = path.replace(/\.json$/, ".modes.json");
      const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
      const modes = Object.fromEntries(s.modes.map((m) => [m, modeSummary(runs.filter((r) => r.mode === m))]));
      writeFileSync(
        summary,
        `${JSON.stringify({ at: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(" ")}`, machine, modes }, null, 2)}\n`,
      );
      console.log(`mode comparison written to ${summary}`);
    }
    if (!runs.every((r) => r.invariantsOk)) {
      console.error(`invariants broken: ${runs.flatMap((r) => r.problems).join("; ")}`);
      process.exitCode = 1;
    }
  } finally {
    await observer.stop().catch(() => undefined);
    web.close();
    await journeys.stop().catch(() => undefined);
    await c.stop();
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
