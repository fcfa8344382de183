// The observer as the run command starts it (build/services/observer.mjs, its own process) on
// the bench's broker and a database of its own, and the pids whose CPU the bench reads.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type pg from "pg";

const ENTRY = join("build", "services", "observer.mjs");

export type ObserverProcess = { pid: number; url: string; stop(): Promise<void> };

async function healthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the observer exited (${child.exitCode}) before it was healthy`);
    const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) }).catch((e: Error) => e);
    if (!(r instanceof Error) && r.ok) return;
    last = r instanceof Error ? r.message : await r.text();
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`the observer was not healthy in ${timeoutMs} ms: ${last}`);
}

export async function startObserverProcess(env: {
  brokers: string;
  databaseUrl: string;
  port: number;
  definitions: string;
  groupPrefix: string;
}): Promise<ObserverProcess> {
  if (!existsSync(ENTRY))
    throw new Error(`${ENTRY} is missing: run through npm run bench:observer (it builds the services)`);
  const child = spawn(process.execPath, ["--enable-source-maps", ENTRY], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      TOPIC_PREFIX: "",
      KAFKA_BROKERS: env.brokers,
      OBSERVER_DATABASE_URL: env.databaseUrl,
      OBSERVER_PORT: String(env.port),
      SAGA_DEFINITIONS: env.definitions,
      OBSERVER_BUILT_IN: "0",
      GROUP_PREFIX: env.groupPrefix,
      LOG_LEVEL: "warn",
    },
  });
  const url = `http://127.0.0.1:${env.port}`;
  try {
    await healthy(url, child, 60_000);
  } catch (err) {
    child.kill("SIGKILL");
    throw err;
  }
  return {
    pid: child.pid!,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => (clearTimeout(timer), resolve()));
        child.kill("SIGTERM");
      }),
  };
}

/** The postmaster's pid, from its data directory's postmaster.pid (several servers may run here). */
export async function postmasterPidOf(admin: pg.Pool): Promise<number> {
  const { rows } = await admin.query<{ setting: string }>(
    `SELECT setting FROM pg_settings WHERE name = 'data_directory'`,
  );
  return Number(readFileSync(join(rows[0]!.setting, "postmaster.pid"), "utf8").split("\n")[0]);
}
