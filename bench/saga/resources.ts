// CPU time and memory of every process the saga runs on, read from /proc: each service
// instance, PostgreSQL (the postmaster, its live backends, and the CPU of backends that have
// already exited, which the postmaster's children counters keep) and the broker. Memory is the
// proportional set size (PSS), so PostgreSQL's shared buffers are not counted once per backend.
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // /proc reports CPU in clock ticks of 1/100 s on Linux

type Stat = { comm: string; ppid: number; cpuMs: number; childrenCpuMs: number; rssMb: number };

function stat(pid: number): Stat | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    const comm = raw.slice(raw.indexOf("(") + 1, raw.lastIndexOf(")"));
    const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    // Fields after comm, 0-based: 1 ppid, 11 utime, 12 stime, 13 cutime, 14 cstime, 21 rss (pages).
    return {
      comm,
      ppid: Number(f[1]),
      cpuMs: (Number(f[11]) + Number(f[12])) * TICK_MS,
      childrenCpuMs: (Number(f[13]) + Number(f[14])) * TICK_MS,
      rssMb: pssMb(pid) ?? (Number(f[21]) * 4096) / 2 ** 20,
    };
  } catch {
    return null; // it exited
  }
}

function pssMb(pid: number): number | null {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function allPids(): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/** The pid of the process with this name that is not a child of another one with it (the postmaster). */
export function findRoot(comm: string): number | null {
  const stats = allPids()
    .map((pid) => ({ pid, s: stat(pid) }))
    .filter((p) => p.s?.comm === comm);
  const pids = new Set(stats.map((p) => p.pid));
  return stats.find((p) => !pids.has(p.s!.ppid))?.pid ?? null;
}

export type Sample = { cpuMs: number; rssMb: number };

/** CPU used so far and memory now, of a process and (for PostgreSQL) its children. */
export function sample(pid: number, withChildren: boolean): Sample {
  const own = stat(pid);
  if (!own) return { cpuMs: Number.NaN, rssMb: Number.NaN };
  if (!withChildren) return { cpuMs: own.cpuMs, rssMb: own.rssMb };
  let cpuMs = own.cpuMs + own.childrenCpuMs;
  let rssMb = own.rssMb;
  for (const p of allPids()) {
    const s = stat(p);
    if (s?.ppid === pid) {
      cpuMs += s.cpuMs;
      rssMb += s.rssMb;
    }
  }
  return { cpuMs, rssMb };
}

export type Watched = Record<string, { pid: number; withChildren: boolean }>;

export function sampleAll(watched: Watched): Record<string, Sample> {
  return Object.fromEntries(Object.entries(watched).map(([name, w]) => [name, sample(w.pid, w.withChildren)]));
}
