// The benchmark's report: one table on screen (each run, then the median and spread), and the
// JSON in bench/results/<timestamp>.json with the figures docs/performance.md cites.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Ceilings } from "./ceilings";
import type { HopSplit } from "./figures";
import type { BenchSettings } from "./settings";
import { spread } from "./stats";
import type { SagaMode } from "../../contracts";

export type RunFigures = {
  run: number;
  mode: SagaMode;
  offered: number;
  refused: number;
  /** Orders answered neither 202 nor 503, by what happened (no answer, another status). */
  failed: Record<string, number>;
  sagasPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  hops: HopSplit;
  recordsPerSaga: number;
  /** Per saga: its hops' outbox, Kafka and handler time, summed. */
  timePerSaga: Record<"outboxMs" | "kafkaMs" | "handlerMs", number>;
  /** The most common paths the measured sagas took. */
  paths: { path: string; orders: number }[];
  commitsPerSaga: number;
  cpuMsPerSaga: Record<string, number>;
  cpuMsPerSagaTotal: number;
  rssMb: Record<string, { start: number; end: number }>;
  outboxAtEnd: Record<string, number>;
  consumerLagAtEnd: Record<string, number>;
  drainSeconds: number;
  invariantsOk: boolean;
  problems: string[];
};

export type Bound = {
  sagasPerSecond: { broker: number; database: number; cpu: number };
  boundBy: "broker" | "database" | "cpu";
  ratio: number;
};

/** Each ceiling in sagas per second, from what one saga costs of it in this run. */
export function bound(
  c: Ceilings,
  r: Pick<RunFigures, "sagasPerSecond" | "recordsPerSaga" | "commitsPerSaga" | "cpuMsPerSagaTotal">,
): Bound {
  const s = {
    broker: c.brokerRecordsPerSecond / Math.max(1, r.recordsPerSaga),
    database: c.databaseCommitsPerSecond / Math.max(0.01, r.commitsPerSaga),
    cpu: (c.cores * 1000) / Math.max(0.01, r.cpuMsPerSagaTotal),
  };
  const boundBy = (Object.keys(s) as (keyof typeof s)[]).sort((a, b) => s[a] - s[b])[0]!;
  return { sagasPerSecond: s, boundBy, ratio: r.sagasPerSecond / s[boundBy] };
}

const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "–");

export function printTable(
  settings: BenchSettings,
  ceilings: Ceilings | null,
  runs: (RunFigures & { bound: Bound | null })[],
  serviceEnv: Record<string, string> = {},
): void {
  const load =
    settings.loop === "open" ? `open loop ${settings.rate}/s` : `closed loop ${settings.concurrency} in flight`;
  const extra = Object.entries(serviceEnv)
    .map(([k, v]) => `, ${k}=${v}`)
    .join("");
  console.log(
    `\n${load}, ${settings.seconds} s measured after ${settings.warmup} s warm-up, ${settings.instances} instance(s) per service, ${settings.partitions} partitions per topic, synchronous_commit=${settings.durable}${extra}`,
  );
  if (ceilings)
    console.log(
      `ceilings: broker ${f(ceilings.brokerRecordsPerSecond)} records/s in 500-record batches, ${f(ceilings.brokerSingleRecordsPerSecond)} one record per send; database ${f(ceilings.databaseCommitsPerSecond)} commits/s, ${ceilings.cores} cores`,
    );
  console.log(
    "| run | mode | sagas/s | shed (503) | p50 ms | p95 ms | p99 ms | max ms | outbox / Kafka / handler p50 ms | Kafka ms/saga | records/saga | CPU ms/saga | commits/saga | bound by | of ceiling | invariants |",
  );
  console.log("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
  for (const r of runs) {
    const h = r.hops;
    console.log(
      `| ${r.run} | ${r.mode} | ${f(r.sagasPerSecond, 1)} | ${r.refused} | ${f(r.latencyMs.p50)} | ${f(r.latencyMs.p95)} | ${f(r.latencyMs.p99)} | ${f(r.latencyMs.max)} | ${f(h.outboxMs.p50, 1)} / ${f(h.kafkaMs.p50, 1)} / ${f(h.handlerMs.p50, 1)} | ${f(r.timePerSaga.kafkaMs, 1)} | ${f(r.recordsPerSaga, 2)} | ${f(r.cpuMsPerSagaTotal, 2)} | ${f(r.commitsPerSaga, 2)} | ${r.bound?.boundBy ?? "–"} | ${r.bound ? `${f(r.bound.ratio * 100)}%` : "–"} | ${r.invariantsOk ? "held" : "BROKEN"} |`,
    );
  }
  for (const r of runs) {
    const failed = Object.entries(r.failed);
    if (failed.length > 0)
      console.log(
        `run ${r.run} ${r.mode}: ${failed.reduce((n, [, k]) => n + k, 0)} orders neither accepted nor shed (${failed.map(([why, k]) => `${k} ${why}`).join("; ")})`,
      );
  }
  for (const mode of [...new Set(runs.map((r) => r.mode))]) {
    const of = runs.filter((r) => r.mode === mode);
    const s = spread(of.map((r) => r.sagasPerSecond));
    const p99 = spread(of.map((r) => r.latencyMs.p99));
    console.log(
      `${mode}, median of ${of.length}: ${f(s.median, 1)} sagas/s (${f(s.min, 1)}–${f(s.max, 1)}), p99 ${f(p99.median)} ms (${f(p99.min)}–${f(p99.max)})`,
    );
  }
}

/** The paths the measured sagas took, per mode (from the last run of each). */
export function printPaths(runs: RunFigures[]): void {
  for (const mode of [...new Set(runs.map((r) => r.mode))]) {
    const last = runs.filter((r) => r.mode === mode).at(-1)!;
    console.log(`\n${mode}: paths of run ${last.run}`);
    for (const p of last.paths) console.log(`  ${String(p.orders).padStart(6)}  ${p.path}`);
  }
}

/** One mode's figures across its runs: the medians, and the spread of throughput and p99. */
export function modeSummary(runs: RunFigures[]) {
  const median = (pick: (r: RunFigures) => number) => spread(runs.map(pick)).median;
  return {
    runs: runs.length,
    sagasPerSecond: median((r) => r.sagasPerSecond),
    latencyMs: {
      p50: median((r) => r.latencyMs.p50),
      p95: median((r) => r.latencyMs.p95),
      p99: median((r) => r.latencyMs.p99),
    },
    cpuMsPerSaga: median((r) => r.cpuMsPerSagaTotal),
    recordsPerSaga: median((r) => r.recordsPerSaga),
    commitsPerSaga: median((r) => r.commitsPerSaga),
    kafkaMsPerSaga: median((r) => r.timePerSaga.kafkaMs),
    outboxMsPerSaga: median((r) => r.timePerSaga.outboxMs),
    handlerMsPerSaga: median((r) => r.timePerSaga.handlerMs),
    spread: {
      sagasPerSecond: spread(runs.map((r) => r.sagasPerSecond)),
      p99: spread(runs.map((r) => r.latencyMs.p99)),
    },
    paths: runs.at(-1)?.paths ?? [],
    invariantsOk: runs.every((r) => r.invariantsOk),
  };
}

export function writeJson(dir: string, body: unknown): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${new Date().toISOString().replaceAll(":", "-").replace(/\..*/, "")}.json`);
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`);
  return path;
}
