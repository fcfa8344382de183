// A saga cluster of real processes for the fault suite: the four services run from
// build/services/*.mjs as child processes (so they can be SIGKILLed, restarted, stopped), each
// scenario with its own topics, consumer groups and databases on the broker and PostgreSQL of
// scripts/with-infra.ts, which also takes the broker down and restarts PostgreSQL on request.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { physicalTopic, SERVICES, TOPICS, TOPIC_PARTITIONS, type FaultSettings, type ServiceName } from "../../contracts";
import { createTopicsVia } from "../../server/embedded/broker";
import { ensureDatabase } from "../../server/embedded/postgres";
import { freePort } from "../ports";

export type Cluster = {
  id: string;
  prefix: string;
  url(service: ServiceName, path: string): string;
  db: Record<ServiceName, pg.Pool>;
  /** How many times each service was started (1 = never restarted). */
  starts: Record<ServiceName, number>;
  /** Signals a service and waits for it to exit: its exit code (null when a signal killed it) and how long it took. */
  kill(service: ServiceName, signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
  healthy(service: ServiceName): Promise<boolean>;
  faults(service: ServiceName, settings: FaultSettings | null): Promise<void>;
  infra(path: string): Promise<void>;
  stop(): Promise<void>;
};

export const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the fault suite through scripts/with-infra.ts`);
  return v;
};

/** Polls a condition (never a fixed sleep) until it holds or the deadline passes. */
export async function until<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startCluster(opts: { sagaTimeoutMs?: number; maxAttempts?: number } = {}): Promise<Cluster> {
  const id = `f${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const prefix = `${id}.`;
  const base = new URL(env("TEST_DATABASE_URL"));
  const dbUrl = (s: ServiceName) => Object.assign(new URL(base), { pathname: `/${id}_${s}` }).toString();
  await Promise.all(SERVICES.map((s) => ensureDatabase(dbUrl(s))));
  await createTopicsVia(env("BROKER_CONTROL_URL"), TOPICS.map((t) => physicalTopic(t, prefix)), TOPIC_PARTITIONS);
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()] as const))) as Record<ServiceName, number>;

  const children = new Map<ServiceName, ChildProcess>();
  const starts = Object.fromEntries(SERVICES.map((s) => [s, 0])) as Record<ServiceName, number>;
  let stopping = false;
  const launch = (s: ServiceName) => {
    starts[s]++;
    const child = spawn(process.execPath, ["--enable-source-maps", `build/services/${s}.mjs`], {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        KAFKA_BROKERS: env("KAFKA_BROKERS"),
        TOPIC_PREFIX: prefix,
        GROUP_PREFIX: prefix,
        [`${s.toUpperCase()}_DATABASE_URL`]: dbUrl(s),
        [`${s.toUpperCase()}_PORT`]: String(ports[s]),
        SAGA_TIMEOUT_MS: String(opts.sagaTimeoutMs ?? 60_000),
        CONSUMER_MAX_ATTEMPTS: String(opts.maxAttempts ?? 5),
        CONSUMER_RETRY_BASE_MS: "50",
        OUTBOX_POLL_MS: "100",
        LOG_LEVEL: "error",
      },
    });
    children.set(s, child);
    // The supervisor: whatever way a service dies, it is started again (as server/embedded/up.ts does).
    child.once("exit", () => {
      children.delete(s);
      if (!stopping) setTimeout(() => !stopping && launch(s), 250);
    });
  };
  const url = (s: ServiceName, path: string) => `http://127.0.0.1:${ports[s]}${path}`;
  const healthy = async (s: ServiceName) => {
    const r = await fetch(url(s, "/health"), { signal: AbortSignal.timeout(3000) }).catch(() => null);
    return r !== null && r.ok && ((await r.json()) as { status: string }).status === "up";
  };
  for (const s of SERVICES) launch(s);
  for (const s of SERVICES) await until(() => healthy(s), `${s} to be healthy`, 90_000);

  const db = Object.fromEntries(SERVICES.map((s) => [s, new pg.Pool({ connectionString: dbUrl(s), max: 2 })])) as Record<ServiceName, pg.Pool>;
  for (const pool of Object.values(db)) pool.on("error", () => undefined);

  const kill = async (s: ServiceName, signal: NodeJS.Signals = "SIGKILL") => {
    const child = children.get(s);
    if (!child) return { code: null, ms: 0 };
    const started = Date.now();
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill(signal);
    return { code: await exited, ms: Date.now() - started };
  };
  return {
    id,
    prefix,
    url,
    db,
    starts,
    healthy,
    kill,
    async faults(s, settings) {
      const r = await fetch(url(s, "/admin/faults"), {
        method: settings ? "PUT" : "DELETE",
        headers: { "content-type": "application/json" },
        body: settings ? JSON.stringify(settings) : undefined,
      });
      if (!r.ok) throw new Error(`faults on ${s}: HTTP ${r.status} ${await r.text()}`);
    },
    async infra(path) {
      const r = await fetch(`${env("BROKER_CONTROL_URL")}${path}`, { method: "POST" });
      if (!r.ok) throw new Error(`${path}: HTTP ${r.status} ${await r.text()}`);
    },
    async stop() {
      stopping = true;
      await Promise.all([...children.keys()].map((s) => kill(s, "SIGTERM")));
      await Promise.all(Object.values(db).map((p) => p.end()));
    },
  };
}
