// The observer bench's figures, its request timing and its table.
import { latencySummary } from "../saga/stats";
import type { ObserverBenchSettings } from "./settings";

export type ObserverFigures = {
  offeredPerSecond: number;
  storedPerSecond: number;
  /** Records offered but not stored when the offering stopped. */
  lagAtEnd: number;
  /** From the offering's end until every record was stored; null if the drain timed out. */
  drainSeconds: number | null;
  /** Records offered over the time from the first offered to the last stored. */
  sustainedPerSecond: number | null;
  commitsPerSecond: number;
  recordsPerCommit: number;
  cpuMsPerRecord: Record<string, number>;
  /** CPU seconds per second of each process in the window (2 = both cores of this machine kind). */
  coresUsed: Record<string, number>;
  observerRssMb: { end: number; peak: number };
  instanceRecords: number;
  viaGatewayMs: ReturnType<typeof latencySummary>;
  directMs: ReturnType<typeof latencySummary>;
  /** The same instance read through the web origin while the records were offered and stored. */
  duringIngestMs: ReturnType<typeof latencySummary>;
};

/** GETs `url` n times one after the other; the time to the whole body, in ms. */
export async function timeRequests(url: string, n: number): Promise<ReturnType<typeof latencySummary>> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await fetch(url);
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`${url} answered ${r.status}`);
    ms.push(performance.now() - t0);
  }
  return latencySummary(ms);
}

/** GETs `url` one after the other, 100 ms apart, until `until` settles: the times to the whole body, in ms. */
export async function timeRequestsUntil(
  url: string,
  until: Promise<unknown>,
): Promise<ReturnType<typeof latencySummary>> {
  let done = false;
  void until.finally(() => (done = true));
  const ms: number[] = [];
  while (!done) {
    const t0 = performance.now();
    const r = await fetch(url);
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`${url} answered ${r.status}`);
    ms.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return latencySummary(ms);
}

const f = (n: number | null, digits = 0) =>
  n === null || Number.isNaN(n)
    ? "-"
    : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function printObserverReport(s: ObserverBenchSettings, x: ObserverFigures, sent: number, seconds: number): void {
  const rows: [string, string][] = [
    ["offered (records/s)", `${f(x.offeredPerSecond)} (${f(sent)} in ${f(seconds, 1)} s; asked ${f(s.rate)})`],
    ["stored in the window (records/s)", f(x.storedPerSecond)],
    ["lag at the window's end (records)", f(x.lagAtEnd)],
    ["drain after the window (s)", f(x.drainSeconds, 1)],
    ["sustained, first offered to last stored (records/s)", f(x.sustainedPerSecond)],
    ["observer database commits/s (records per commit)", `${f(x.commitsPerSecond)} (${f(x.recordsPerCommit, 1)})`],
    ...Object.keys(x.cpuMsPerRecord).map((k): [string, string] => [
      `CPU ms per record: ${k}`,
      `${f(x.cpuMsPerRecord[k]!, 3)}${x.coresUsed[k] === undefined ? "" : ` (${f(x.coresUsed[k]!, 2)} cores)`}`,
    ]),
    ["observer memory (PSS MB, end / peak)", `${f(x.observerRssMb.end)} / ${f(x.observerRssMb.peak)}`],
    [
      `GET instance of ${x.instanceRecords} records via the web origin (p50 / p95 / max ms)`,
      `${f(x.viaGatewayMs.p50, 1)} / ${f(x.viaGatewayMs.p95, 1)} / ${f(x.viaGatewayMs.max, 1)}`,
    ],
    [
      `same, via the web origin while records were stored (p50 / p95 / max ms)`,
      `${f(x.duringIngestMs.p50, 1)} / ${f(x.duringIngestMs.p95, 1)} / ${f(x.duringIngestMs.max, 1)}`,
    ],
    [
      `same, straight at the observer (p50 / p95 / max ms)`,
      `${f(x.directMs.p50, 1)} / ${f(x.directMs.p95, 1)} / ${f(x.directMs.max, 1)}`,
    ],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nobserver bench (${s.partitions} partitions per topic, ${s.requests} requests each)`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
}
