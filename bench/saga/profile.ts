// The bench's --profile DIR: every service process writes a V8 .cpuprofile there when it stops
// (node --cpu-prof), and the broker records a Java Flight Recording of each measured window
// (jcmd JFR.start). `npx tsx bench/saga/profile.ts DIR` prints where the time went: the
// functions with the most self time per service profile and the broker's hottest Java frames
// and threads.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type pg from "pg";

/** Starts a JFR recording of the broker (BROKER_PID, set by scripts/with-infra.ts) for `seconds`. */
export function recordBroker(dir: string, file: string, seconds: number): void {
  const pid = process.env.BROKER_PID;
  if (!pid) return;
  mkdirSync(dir, { recursive: true });
  const r = spawnSync(
    "jcmd",
    [pid, "JFR.start", `duration=${Math.ceil(seconds)}s`, `filename=${resolve(dir, file)}`, "settings=profile"],
    { encoding: "utf8" },
  );
  if (r.status !== 0) console.error(`[profile] JFR on the broker did not start: ${r.stderr || r.stdout || r.error}`);
}

/** Clears PostgreSQL's statement counters (pg_stat_statements, preloaded by the embedded server). */
export async function resetStatements(admin: pg.Pool): Promise<void> {
  await admin.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  await admin.query("SELECT pg_stat_statements_reset()");
}

/** Writes the statements of the window, most called first, with calls per saga. */
export async function writeStatements(admin: pg.Pool, dir: string, file: string, sagas: number): Promise<void> {
  const { rows } = await admin.query<{ db: string; calls: string; ms: number; query: string }>(
    `SELECT d.datname AS db, s.calls, s.total_exec_time AS ms, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160) AS query
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid ORDER BY s.calls DESC LIMIT 40`,
  );
  const lines = rows.map(
    (r) =>
      `${(Number(r.calls) / Math.max(1, sagas)).toFixed(2).padStart(7)} per saga ${r.ms.toFixed(0).padStart(7)} ms  ${r.db.replace(/^.*_/, "").padEnd(13)} ${r.query}`,
  );
  writeFileSync(join(dir, file), `${lines.join("\n")}\n`);
}

/** CPU ms per thread of a process (utime + stime of /proc/PID/task/*), to diff two readings. */
export function threadCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")).replace(/\d+/g, "N");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(name, (out.get(name) ?? 0) + ((Number(f[11]) + Number(f[12])) * 1000) / 100);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

export function writeThreadCpu(
  dir: string,
  file: string,
  before: Map<string, number>,
  after: Map<string, number>,
  sagas: number,
): void {
  const rows = [...after]
    .map(([name, ms]) => [name, ms - (before.get(name) ?? 0)] as const)
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1]);
  writeFileSync(
    join(dir, file),
    `${rows.map(([name, ms]) => `${(ms / Math.max(1, sagas)).toFixed(3).padStart(8)} ms/saga  ${name}`).join("\n")}\n`,
  );
}

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Self time per function (ms), most first. */
export function selfTimes(profile: CpuProfile): { frame: string; ms: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const where = f.url ? `${f.url.replace(/^.*\/(node_modules\/)?/, "")}:${f.lineNumber + 1}` : "";
    const frame = `${f.functionName || "(anonymous)"} ${where}`.trim();
    totals.set(frame, (totals.get(frame) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].map(([frame, ms]) => ({ frame, ms })).sort((a, b) => b.ms - a.ms);
}

/** Samples per top frame and per thread of a JFR file (jfr print), most first. */
function brokerHotspots(file: string): { frames: [string, number][]; threads: [string, number][] } {
  const out =
    spawnSync("jfr", ["print", "--events", "jdk.ExecutionSample", file], { encoding: "utf8", maxBuffer: 1 << 30 })
      .stdout ?? "";
  const frames = new Map<string, number>();
  const threads = new Map<string, number>();
  for (const event of out.split("jdk.ExecutionSample").slice(1)) {
    const thread = /sampledThread = "([^"]+)"/.exec(event)?.[1]?.replace(/\d+/g, "N") ?? "?";
    const top =
      /stackTrace = \[\s*\n\s*([^\n]+)/
        .exec(event)?.[1]
        ?.trim()
        .replace(/\s+line:.*$/, "") ?? "?";
    threads.set(thread, (threads.get(thread) ?? 0) + 1);
    frames.set(top, (frames.get(top) ?? 0) + 1);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 15);
  return { frames: sorted(frames), threads: sorted(threads) };
}

function main(dir: string): void {
  for (const f of readdirSync(dir).sort()) {
    const path = join(dir, f);
    if (f.endsWith(".cpuprofile")) {
      const times = selfTimes(JSON.parse(readFileSync(path, "utf8")) as CpuProfile);
      const total = times.reduce((s, t) => s + t.ms, 0);
      console.log(`\n${f}: ${Math.round(total)} ms sampled`);
      for (const t of times.filter((t) => !/^\((idle|program)\)/.test(t.frame)).slice(0, 20))
        console.log(`${t.ms.toFixed(0).padStart(8)} ms  ${((100 * t.ms) / total).toFixed(1).padStart(5)}%  ${t.frame}`);
    } else if (f.endsWith(".txt")) {
      console.log(`\n${f}:\n${readFileSync(path, "utf8").split("\n").slice(0, 25).join("\n")}`);
    } else if (f.endsWith(".jfr")) {
      const { frames, threads } = brokerHotspots(path);
      console.log(`\n${f}: Java samples by thread`);
      for (const [t, n] of threads) console.log(`${String(n).padStart(8)}  ${t}`);
      console.log(`${f}: by top frame`);
      for (const [t, n] of frames) console.log(`${String(n).padStart(8)}  ${t}`);
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename))
  main(process.argv[2] ?? "bench/results/profile");
